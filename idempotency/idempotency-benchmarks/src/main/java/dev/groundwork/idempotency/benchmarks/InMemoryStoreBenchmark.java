package dev.groundwork.idempotency.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.ResultCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The in-memory store through the executor against the bare Caffeine map operations it makes.
 *
 * <p>{@code firstCall}: a new key each time, so the executor claims, runs the operation and stores
 * its result; its baseline is a {@code get}, a {@code compute} that inserts and a {@code
 * computeIfPresent} that replaces, on a Caffeine map with the same bound. {@code replay}: a key
 * completed before, so the stored result comes back; its baseline is one {@code get}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InMemoryStoreBenchmark {

  private static final int REPLAY_KEYS = 4096;
  private static final long MAXIMUM_SIZE = InMemoryIdempotencyStore.DEFAULT_MAXIMUM_SIZE;
  private static final Fingerprint FINGERPRINT = Fingerprint.ofUtf8("amount=100&currency=EUR");
  private static final byte[] RESULT = "charge ch_1".getBytes(StandardCharsets.UTF_8);

  private final Idempotency<String> idempotency;
  private final ConcurrentMap<String, byte[]> bare;
  private final String[] replayKeys = new String[REPLAY_KEYS];

  /**
   * Builds the store and the bare map and completes the keys that {@code replay} reads. JMH makes
   * one instance per trial.
   */
  public InMemoryStoreBenchmark() {
    idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(InMemoryIdempotencyStore.builder().maximumSize(MAXIMUM_SIZE).build())
            .build();
    bare =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM_SIZE)
            .expireAfterWrite(Duration.ofHours(24))
            .<String, byte[]>build()
            .asMap();
    for (int i = 0; i < REPLAY_KEYS; i++) {
      replayKeys[i] = "replay-" + i;
      idempotency.execute(replayKeys[i], FINGERPRINT, () -> "charge ch_1");
      bare.put(replayKeys[i], RESULT);
    }
  }

  /**
   * Executes under a key never seen before.
   *
   * @param keys this thread's keys
   * @return the result, so the work is not optimised away
   */
  @Benchmark
  public IdempotentResult<String> firstCall(Keys keys) {
    return idempotency.execute(keys.fresh(), FINGERPRINT, () -> "charge ch_1");
  }

  /**
   * The raw map operations of a first call.
   *
   * @param keys this thread's keys
   * @return the stored value
   */
  @Benchmark
  public byte @Nullable [] bareFirstCall(Keys keys) {
    String key = keys.fresh();
    if (bare.get(key) != null) {
      throw new IllegalStateException("key reused: " + key);
    }
    bare.compute(key, (k, v) -> v == null ? new byte[0] : v);
    return bare.computeIfPresent(key, (k, v) -> RESULT);
  }

  /**
   * Executes under a key completed before, so the stored result is replayed.
   *
   * @param keys this thread's keys
   * @return the replayed result
   */
  @Benchmark
  public IdempotentResult<String> replay(Keys keys) {
    String key = replayKeys[keys.nextIndex(REPLAY_KEYS)];
    return idempotency.execute(key, FINGERPRINT, () -> "charge ch_1");
  }

  /**
   * The raw map operation of a replay.
   *
   * @param keys this thread's keys
   * @return the stored value
   */
  @Benchmark
  public byte @Nullable [] bareReplay(Keys keys) {
    String key = replayKeys[keys.nextIndex(REPLAY_KEYS)];
    return bare.get(key);
  }
}
