package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.TestServers;

/** The contract suite on PostgreSQL (the machine's in CI, embedded on a fresh machine). */
class PostgresStoreContractIT extends IdempotencyStoreContract {

  private static final JdbcContractSupport DB =
      new JdbcContractSupport(TestServers::postgres, "pg_contract");

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return DB.store(clock);
  }

  @Override
  protected void removeExpiredRecords() {
    ((JdbcIdempotencyStore) store()).sweepExpired(10_000);
  }
}
