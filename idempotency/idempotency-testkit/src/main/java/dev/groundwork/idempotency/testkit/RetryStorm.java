package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotencyResultNotStoredException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.IdempotentResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fault-test workload: several threads execute the same keys, each retrying a key (with a short
 * back-off, as a client would) until it gets a result, while the test breaks the store underneath
 * (stops the server, kills connections). Afterwards {@link #assertSafe()} checks what must hold
 * whatever the fault: no operation ran twice for a key, every caller of a key got the same answer,
 * every failure was one of the store's clear errors, and a key is left in progress only when its
 * claim's reply or its result was lost.
 *
 * <p>Callers give up on a key that stays in progress for longer than their patience (one second by
 * default). With a lease that outlasts the test, a key left in progress is then never taken over.
 * With a short lease and a patience longer than it, callers keep retrying until they take the key
 * over: an operation whose result was not stored then runs again, and {@link #assertSafe()} counts
 * it, which is how a fault test measures double executions under a real lease.
 */
public final class RetryStorm {

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final AtomicInteger notStored = new AtomicInteger();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
  private final Set<String> stuck = ConcurrentHashMap.newKeySet();
  private final int keys;
  private final ExecutorService pool;
  private final List<Future<?>> workers = new ArrayList<>();
  private final long deadline;
  private final long patience;

  private RetryStorm(
      Idempotency<String> idempotency,
      int threads,
      int keys,
      Duration deadline,
      Duration patience) {
    this.keys = keys;
    this.deadline = System.nanoTime() + deadline.toNanos();
    this.patience = patience.toNanos();
    this.pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int seed = t;
      workers.add(pool.submit(() -> work(idempotency, seed)));
    }
  }

  /**
   * Starts the storm in the background.
   *
   * @param idempotency the executor under test, with a lease longer than {@code deadline}
   * @param threads how many callers
   * @param keys how many keys; every caller executes every key, in its own order
   * @param deadline how long the callers keep retrying at most
   * @return the running storm
   */
  public static RetryStorm start(
      Idempotency<String> idempotency, int threads, int keys, Duration deadline) {
    return new RetryStorm(idempotency, threads, keys, deadline, Duration.ofSeconds(1));
  }

  /**
   * Starts the storm in the background, with callers that keep retrying a key in progress for
   * {@code patience}: longer than the lease, they take over keys whose results were lost.
   *
   * @param idempotency the executor under test
   * @param threads how many callers
   * @param keys how many keys; every caller executes every key, in its own order
   * @param deadline how long the callers keep retrying at most
   * @param patience how long a caller retries a key that is in progress before giving up on it
   * @return the running storm
   */
  public static RetryStorm start(
      Idempotency<String> idempotency,
      int threads,
      int keys,
      Duration deadline,
      Duration patience) {
    return new RetryStorm(idempotency, threads, keys, deadline, patience);
  }

  private Void work(Idempotency<String> idempotency, int seed) {
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      order.add(k);
    }
    Collections.shuffle(order, new Random(seed));
    for (int k : order) {
      String key = "key-" + k;
      long firstInProgress = 0;
      while (System.nanoTime() < deadline) {
        try {
          IdempotentResult<String> r =
              idempotency.execute(
                  key,
                  Fingerprint.ofUtf8(key),
                  () -> {
                    runs.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                    return "done " + key;
                  });
          answers.merge(key, r.value(), (a, b) -> a.equals(b) ? a : a + " / " + b);
          completed.incrementAndGet();
          break;
        } catch (IdempotencyResultNotStoredException e) {
          notStored.incrementAndGet();
        } catch (IdempotencyStoreUnavailableException e) {
          unavailable.incrementAndGet();
        } catch (IdempotencyInProgressException e) {
          long now = System.nanoTime();
          if (firstInProgress == 0) {
            firstInProgress = now;
          } else if (now - firstInProgress > patience) {
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
  }

  /**
   * Waits until at least {@code count} executions have returned a result (or the deadline).
   *
   * @param count how many
   */
  public void awaitCompleted(int count) {
    while (completed.get() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Waits until callers have been told at least {@code count} times that the store is unavailable
   * (or the deadline).
   *
   * @param count how many
   */
  public void awaitUnavailable(int count) {
    while (unavailable.get() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Waits for every caller to finish.
   *
   * @return this storm, finished
   * @throws Exception if a caller failed outside the executor or did not finish in time
   */
  public RetryStorm finish() throws Exception {
    try {
      for (Future<?> worker : workers) {
        worker.get(
            Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L) + 30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return this;
  }

  /**
   * How many times callers were told the store was unavailable.
   *
   * @return the count
   */
  public int unavailableAnswers() {
    return unavailable.get();
  }

  /**
   * Checks what must hold whatever the fault; call after {@link #finish()}.
   *
   * @throws AssertionError naming what broke
   */
  public void assertSafe() {
    assertThat(unexpected).as("every failure is a clear idempotency error").isEmpty();
    assertThat(runs.values())
        .as("no operation ran twice for one key")
        .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(answers.values())
        .as("every caller of a key got the same answer")
        .allSatisfy(a -> assertThat(a).doesNotContain(" / "));
    // A key stays in progress (until its lease ends) only when the operation ran and its result
    // was lost, or when its claim reached the store and only the reply was lost (nothing ran).
    long stuckAfterRunning = stuck.stream().filter(runs::containsKey).count();
    assertThat(stuckAfterRunning)
        .as("keys left in progress after running, against results not stored")
        .isLessThanOrEqualTo(notStored.get());
    assertThat(answers.size() + stuck.size())
        .as("every key answered or left in progress")
        .isEqualTo(keys);
  }

  @Override
  public String toString() {
    return String.format(
        "%d keys answered, %d unavailable answers, %d results not stored, %d keys left in"
            + " progress, %d operations run, %d keys run more than once",
        answers.size(),
        unavailable.get(),
        notStored.get(),
        stuck.size(),
        runs.values().stream().mapToInt(AtomicInteger::get).sum(),
        doubleExecutions());
  }

  /**
   * How many keys had their operation run more than once.
   *
   * @return the count; 0 when at most once held
   */
  public long doubleExecutions() {
    return runs.values().stream().filter(n -> n.get() > 1).count();
  }
}
