package dev.groundwork.idempotency.inmemory;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreSpiContract;
import dev.groundwork.idempotency.testkit.ManualClock;

/**
 * The SPI part of the suite on its own, as a store author runs it before the executor's part: it
 * proves the part stands alone (its tests are found and pass without the rest).
 */
class InMemorySpiContractTest extends IdempotencyStoreSpiContract {

  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return InMemoryIdempotencyStore.builder().clock(clock).build();
  }
}
