package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.TestServers;

/**
 * The whole contract suite on PostgreSQL through the transactional form, {@code onConnection}: the
 * statements a caller's transaction runs are the ones a pooled store runs. The races run two
 * threads over the one connection, which the driver serialises.
 */
class PostgresOnConnectionContractIT extends IdempotencyStoreContract {

  private static final JdbcContractSupport DB =
      new JdbcContractSupport(() -> TestServers.postgres(), "postgres_tx_contract");

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return new OnConnectionStore(DB, clock);
  }

  @Override
  protected int raceThreads() {
    return 2;
  }

  @Override
  protected void removeExpiredRecords() {
    ((OnConnectionStore) store()).sweep();
  }
}
