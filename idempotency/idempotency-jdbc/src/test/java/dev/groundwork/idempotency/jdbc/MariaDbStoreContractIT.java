package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.TestServers;

/**
 * The contract suite on MariaDB; skipped, saying how to enable it, without {@code
 * GROUNDWORK_MARIADB_URL} (the fixture's assumption fails before each test, the model-based
 * property included).
 */
class MariaDbStoreContractIT extends IdempotencyStoreContract {

  private static final JdbcContractSupport DB =
      new JdbcContractSupport(TestServers::mariadb, "maria_contract");

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return DB.store(clock);
  }

  @Override
  protected void removeExpiredRecords() {
    ((JdbcIdempotencyStore) store()).sweepExpired(10_000);
  }
}
