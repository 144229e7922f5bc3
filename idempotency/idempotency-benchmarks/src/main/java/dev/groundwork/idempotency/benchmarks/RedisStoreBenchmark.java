package dev.groundwork.idempotency.benchmarks;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.redis.RedisIdempotencyStore;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis store through the executor against the bare Redis commands a hand-written idempotency
 * check needs, over the same Jedis client and pool, on the server named by {@code
 * GROUNDWORK_REDIS_URL} or an embedded one.
 *
 * <p>{@code firstCall} (claim script, then complete script: two round trips) against {@code SET key
 * pending NX PX lease} and {@code SET key result XX PX retention}; {@code replay} (one claim script
 * that finds the completed record) against one {@code GET}, the cheapest round trip that returns a
 * stored value. The baseline's values are strings the size of the store's records (state, owner,
 * fence, fingerprint, lease, expiry, result), so both sides move the same bytes; what separates
 * them is the scripts' work on the server (clock, checks of owner, fence and expiry, the hash's
 * fields) and the store's encoding on the client. (A claim that returns the stored value, {@code
 * SET … NX GET}, needs Redis 7; the embedded server is older.)
 *
 * <p>Sampled ({@link Mode#SampleTime}) so that the runner reports throughput and p50/p99 latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisStoreBenchmark {

  private static final int REPLAY_KEYS = 4096;
  private static final Fingerprint FINGERPRINT = Fingerprint.ofUtf8("amount=100&currency=EUR");
  private static final String RESULT = "charge ch_1";
  // The store's record fields, packed: what the baseline writes instead of a hash.
  private static final String PENDING =
      "P|4f1c2a9e8b7d6c5a-000000000042|1|"
          + FINGERPRINT.toHex()
          + "|1764450000000000|1764450030000000|";
  private static final String COMPLETED = PENDING.replace("P|", "C|") + RESULT;
  // Short lives so that a run leaves little behind on a shared server; longer than a --full trial.
  private static final Duration LEASE = Duration.ofSeconds(10);
  private static final Duration RETENTION = Duration.ofMinutes(3);
  private static final SetParams CLAIM = SetParams.setParams().nx().px(LEASE.toMillis());
  private static final SetParams COMPLETE = SetParams.setParams().xx().px(RETENTION.toMillis());

  private final String prefix = TestServers.uniqueName("bench") + ":";
  private final RedisClient client;
  private final RedisIdempotencyStore store;
  private final Idempotency<String> idempotency;
  private final String[] replayKeys = new String[REPLAY_KEYS];

  /**
   * Connects with a pool large enough for every benchmark thread and completes the keys that {@code
   * replay} reads, through the store and bare. JMH makes one instance per trial.
   */
  public RedisStoreBenchmark() {
    RedisEndpoint redis = TestServers.redis();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(64);
    pool.setMaxIdle(64);
    client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).poolConfig(pool).build();
    store = RedisIdempotencyStore.builder(client).keyPrefix(prefix + "store:").build();
    idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(store)
            .lease(LEASE)
            .retention(RETENTION)
            .build();
    for (int i = 0; i < REPLAY_KEYS; i++) {
      replayKeys[i] = "replay-" + i;
      idempotency.execute(replayKeys[i], FINGERPRINT, () -> RESULT);
      client.set(bareKey(replayKeys[i]), COMPLETED, SetParams.setParams().px(RETENTION.toMillis()));
    }
  }

  private String bareKey(String key) {
    return prefix + "bare:" + key;
  }

  /**
   * Executes under a key never seen before: claim, run, complete.
   *
   * @param keys this thread's keys
   * @return the result
   */
  @Benchmark
  public IdempotentResult<String> firstCall(Keys keys) {
    return idempotency.execute(keys.fresh(), FINGERPRINT, () -> RESULT);
  }

  /**
   * The bare commands of a first call.
   *
   * @param keys this thread's keys
   * @return the reply of the second command
   */
  @Benchmark
  public String bareFirstCall(Keys keys) {
    String key = bareKey(keys.fresh());
    if (client.set(key, PENDING, CLAIM) == null) {
      throw new IllegalStateException("key reused: " + key);
    }
    return client.set(key, COMPLETED, COMPLETE);
  }

  /**
   * Executes under a key completed before, so the stored result is replayed.
   *
   * @param keys this thread's keys
   * @return the replayed result
   */
  @Benchmark
  public IdempotentResult<String> replay(Keys keys) {
    return idempotency.execute(replayKeys[keys.nextIndex(REPLAY_KEYS)], FINGERPRINT, () -> RESULT);
  }

  /**
   * The bare command of a replay: read the stored value.
   *
   * @param keys this thread's keys
   * @return the stored value
   */
  @Benchmark
  public @Nullable String bareReplay(Keys keys) {
    return client.get(bareKey(replayKeys[keys.nextIndex(REPLAY_KEYS)]));
  }

  /** Deletes what the trial wrote and closes the client. */
  @TearDown
  public void tearDown() {
    try {
      ScanParams match = new ScanParams().match(prefix + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = client.scan(cursor, match);
        if (!page.getResult().isEmpty()) {
          client.unlink(page.getResult().toArray(new String[0]));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    } finally {
      store.close();
      client.close();
    }
  }
}
