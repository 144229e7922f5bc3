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

  private String prefix = "";

  /** Each store owns its client (built from the URL) and the suite closes it after each test. */
  @Override
  protected IdempotencyStore newStore(ManualClock clock) {
    prefix = TestServers.uniqueName("contract") + ":";
    return RedisIdempotencyStore.builder(REDIS.uri()).keyPrefix(prefix).clock(clock).build();
  }

  /**
   * Redis drops a key when its PEXPIRE ends in real time, which the suite's manual clock does not
   * move; deleting this test's keys (all expired by then) is what that expiry would do.
   */
  @Override
  protected void removeExpiredRecords() {
    try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(REDIS.uri())) {
      for (String key : jedis.keys(prefix + "*")) {
        jedis.del(key);
      }
    }
  }
}
