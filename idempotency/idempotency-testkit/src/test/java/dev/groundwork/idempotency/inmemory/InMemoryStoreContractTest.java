package dev.groundwork.idempotency.inmemory;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;

/**
 * The in-memory store runs the published contract suite. It lives in another package than the suite
 * on purpose: that is how users run it, and it proves the inherited tests are found.
 */
class InMemoryStoreContractTest extends IdempotencyStoreContract {

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return InMemoryIdempotencyStore.builder().clock(clock).build();
  }

  @Override
  protected void removeExpiredRecords() {
    ((InMemoryIdempotencyStore) store()).estimatedSize(); // runs Caffeine's cleanup
  }
}
