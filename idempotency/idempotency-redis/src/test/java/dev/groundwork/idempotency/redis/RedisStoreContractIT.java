package dev.groundwork.idempotency.redis;

import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.IdempotencyStoreContract;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;

/**
 * The contract suite against the run's Redis: the machine's server in CI ({@code
 * GROUNDWORK_REDIS_URL}), an embedded one on a fresh machine.
 */
class RedisStoreContractIT extends IdempotencyStoreContract {

  private static final RedisEndpoint REDIS = TestServers.redis();

  /** Each store owns its client (built from the URL) and the suite closes it after each test. */
  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    return RedisIdempotencyStore.builder(REDIS.uri())
        .keyPrefix(TestServers.uniqueName("contract") + ":")
        .clock(clock)
        .build();
  }
}
