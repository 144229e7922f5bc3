package dev.groundwork.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotencyResultNotStoredException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.testing.servers.ManagedRedis;
import dev.groundwork.testing.servers.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis is stopped in the middle of concurrent executes and started again. The server keeps an
 * append-only file synced on every write, as a Redis holding idempotency keys should, so what it
 * acknowledged survives the restart.
 */
class RedisFaultIT {

  private static final int THREADS = 8;
  private static final int KEYS = 48;
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @Test
  void noOperationRunsTwiceAndTheStoreRecovers(@TempDir Path dataDir) throws Exception {
    try (ManagedRedis server = ManagedRedis.startPersistent(dataDir);
        RedisIdempotencyStore store =
            RedisIdempotencyStore.builder(server.endpoint().uri())
                .keyPrefix(TestServers.uniqueName("fault") + ":")
                .build()) {
      // The lease outlasts the test: a key whose result could not be stored stays in progress
      // rather than being taken over and run again.
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8())
              .store(store)
              .lease(Duration.ofMinutes(10))
              .build();
      Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      Map<String, String> answers = new ConcurrentHashMap<>();
      AtomicInteger completed = new AtomicInteger();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger notStored = new AtomicInteger();
      List<Throwable> unexpected = new CopyOnWriteArrayList<>();
      List<String> stuck = new CopyOnWriteArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        workers.add(
            pool.submit(
                () -> {
                  List<Integer> order = new ArrayList<>();
                  for (int k = 0; k < KEYS; k++) {
                    order.add(k);
                  }
                  Collections.shuffle(order, new java.util.Random(seed));
                  for (int k : order) {
                    String key = "payment-" + k;
                    int inProgressAnswers = 0;
                    while (System.nanoTime() < deadline) {
                      try {
                        IdempotentResult<String> r =
                            idempotency.execute(
                                key,
                                Fingerprint.ofUtf8(key),
                                () -> {
                                  runs.computeIfAbsent(key, x -> new AtomicInteger())
                                      .incrementAndGet();
                                  return "charged " + key;
                                });
                        answers.merge(key, r.value(), (a, b) -> a.equals(b) ? a : a + " / " + b);
                        completed.incrementAndGet();
                        break;
                      } catch (IdempotencyStoreUnavailableException e) {
                        unavailable.incrementAndGet();
                      } catch (IdempotencyResultNotStoredException e) {
                        notStored.incrementAndGet();
                      } catch (IdempotencyInProgressException e) {
                        if (++inProgressAnswers > 200) {
                          stuck.add(key);
                          break;
                        }
                      } catch (RuntimeException e) {
                        unexpected.add(e);
                        break;
                      }
                      // Back off between attempts, as a client would.
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                  }
                  return null;
                }));
      }

      // The fault: once some work is done, stop Redis until callers have seen it, then restart.
      while (completed.get() < KEYS / 4 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      server.stop();
      while (unavailable.get() < THREADS && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      server.resume();

      for (Future<?> worker : workers) {
        worker.get(DEADLINE.toSeconds() + 20, TimeUnit.SECONDS);
      }
      pool.shutdownNow();

      System.out.printf(
          "RedisFaultIT: %d keys answered, %d unavailable answers, %d results not stored,"
              + " %d keys left in progress, %d operations run%n",
          answers.size(),
          unavailable.get(),
          notStored.get(),
          stuck.stream().distinct().count(),
          runs.size());
      assertThat(unexpected).as("every failure is a clear idempotency error").isEmpty();
      assertThat(unavailable.get()).as("callers saw Redis down").isGreaterThanOrEqualTo(THREADS);
      assertThat(runs.values())
          .as("no operation ran twice for one key")
          .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(answers.values())
          .as("every caller of a key got the same answer")
          .allSatisfy(a -> assertThat(a).doesNotContain(" / "));
      // A key is left in progress (until its lease ends) only when the operation ran but its
      // result could not be stored, or when the claim reached Redis but its reply did not come
      // back, in which case the operation never ran.
      long stuckAfterRunning = stuck.stream().distinct().filter(runs::containsKey).count();
      assertThat(stuckAfterRunning).isLessThanOrEqualTo(notStored.get());
      assertThat(answers.size() + stuck.stream().distinct().count()).isEqualTo(KEYS);

      IdempotentResult<String> after =
          idempotency.execute("after-restart", Fingerprint.ofUtf8("x"), () -> "works");
      assertThat(after.value()).isEqualTo("works");
      assertThat(
              idempotency.execute("after-restart", Fingerprint.ofUtf8("x"), () -> "no").replayed())
          .isTrue();
    }
  }
}
