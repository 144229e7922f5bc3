package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotencyResultNotStoredException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.testing.servers.JdbcEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL kills the store's connections ({@code pg_terminate_backend}) in the middle of
 * concurrent executes, three times over.
 */
class PostgresFaultIT {

  private static final int THREADS = 8;
  private static final int KEYS = 60;
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @Test
  void terminatedConnectionsNeverRunAnOperationTwice() throws Exception {
    JdbcEndpoint postgres = TestServers.postgres();
    String app = TestServers.uniqueName("fault");
    String url =
        postgres.url() + (postgres.url().contains("?") ? "&" : "?") + "ApplicationName=" + app;
    try (HikariDataSource pool = new JdbcEndpoint(url, postgres.embedded()).newPool(app, THREADS);
        Connection admin = postgres.connect()) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(pool)
              .table(TestServers.uniqueName("fault_idem"))
              .createTable(true)
              .build();
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

      ExecutorService workers = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int seed = t;
        futures.add(
            workers.submit(
                () -> {
                  List<Integer> order = new ArrayList<>();
                  for (int k = 0; k < KEYS; k++) {
                    order.add(k);
                  }
                  Collections.shuffle(order, new Random(seed));
                  for (int k : order) {
                    String key = "order-" + k;
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
                                  return "placed " + key;
                                });
                        answers.merge(key, r.value(), (a, b) -> a.equals(b) ? a : a + " / " + b);
                        completed.incrementAndGet();
                        break;
                      } catch (IdempotencyResultNotStoredException e) {
                        notStored.incrementAndGet();
                      } catch (IdempotencyStoreUnavailableException e) {
                        unavailable.incrementAndGet();
                      } catch (IdempotencyInProgressException e) {
                        if (++inProgressAnswers > 100) {
                          stuck.add(key);
                          break;
                        }
                      } catch (RuntimeException e) {
                        unexpected.add(e);
                        break;
                      }
                      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                  }
                  return null;
                }));
      }

      int terminated = 0;
      for (int round = 1; round <= 3; round++) {
        int target = round * KEYS * THREADS / 5;
        while (completed.get() < target && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        try (PreparedStatement ps =
            admin.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
          ps.setString(1, app);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            terminated += rs.getInt(1);
          }
        }
      }
      for (Future<?> f : futures) {
        f.get(DEADLINE.toSeconds() + 20, TimeUnit.SECONDS);
      }
      workers.shutdownNow();

      System.out.printf(
          "PostgresFaultIT: %d backends terminated, %d keys answered, %d unavailable answers,"
              + " %d results not stored, %d keys left in progress, %d operations run%n",
          terminated,
          answers.size(),
          unavailable.get(),
          notStored.get(),
          stuck.stream().distinct().count(),
          runs.size());
      assertThat(terminated).as("connections were killed").isPositive();
      assertThat(unexpected).as("every failure is a clear idempotency error").isEmpty();
      assertThat(runs.values())
          .as("no operation ran twice for one key")
          .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(answers.values())
          .as("every caller of a key got the same answer")
          .allSatisfy(a -> assertThat(a).doesNotContain(" / "));
      long stuckAfterRunning = stuck.stream().distinct().filter(runs::containsKey).count();
      assertThat(stuckAfterRunning).isLessThanOrEqualTo(notStored.get());
      assertThat(answers.size() + stuck.stream().distinct().count()).isEqualTo(KEYS);

      IdempotentResult<String> after =
          idempotency.execute("after-fault", Fingerprint.ofUtf8("x"), () -> "works");
      assertThat(after.value()).isEqualTo("works");
    }
  }
}
