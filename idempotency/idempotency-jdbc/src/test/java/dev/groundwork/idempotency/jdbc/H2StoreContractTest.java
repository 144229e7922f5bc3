package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.TestServers;

/** The contract suite on H2, in process. */
class H2StoreContractTest extends IdempotencyStoreContract {

  private static final JdbcContractSupport DB =
      new JdbcContractSupport(() -> TestServers.h2("contract"), "h2_contract");

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return DB.store(clock);
  }

  @Override
  protected void removeExpiredRecords() {
    ((JdbcIdempotencyStore) store()).sweepExpired(10_000);
  }
}
