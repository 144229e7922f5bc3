package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.QuorumEvent;
import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Hedged reads (Foundations §1, tail latency): ask R replicas, the fastest lately first, and one
 * more each time the hedge delay passes without the quorum, within a budget of extra requests. It
 * learns from replies and from silence: a replica that let a read time out counts as slow. Halfway
 * to the deadline a read still short of its quorum asks everyone left, budget or not.
 */
final class HedgedReads {

  private final HedgePolicy policy;
  private final Scheduler scheduler;
  private final LongSupplier nanoTime;
  private final Consumer<QuorumEvent> events;
  private final LatencyWindow latencies = new LatencyWindow(512);
  private final LatencyRanking ranking;
  private final AtomicLong readsStarted = new AtomicLong();
  private final AtomicLong hedges = new AtomicLong();
  private final AtomicLong rescues = new AtomicLong();

  HedgedReads(
      HedgePolicy policy,
      Scheduler scheduler,
      LongSupplier nanoTime,
      Duration forget,
      Consumer<QuorumEvent> events) {
    this.policy = policy;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.events = events;
    this.ranking = new LatencyRanking(forget.toNanos());
  }

  /** The replicas in the order to ask them, each at most once per read. */
  static final class Cursor<R extends Replica<?, ?>> {
    private final List<R> order;
    private final java.util.Set<String> probes;
    private int next;

    Cursor(List<R> order, java.util.Set<String> probes) {
      this.order = order;
      this.probes = probes;
    }

    synchronized @Nullable R take() {
      return next < order.size() ? order.get(next++) : null;
    }

    synchronized @Nullable R peek() {
      return next < order.size() ? order.get(next) : null;
    }
  }

  <R extends Replica<?, ?>> Cursor<R> start(List<R> replicas, Predicate<String> suspected) {
    long started = readsStarted.incrementAndGet();
    java.util.Set<String> probes = new java.util.HashSet<>();
    return new Cursor<>(
        ranking.order(replicas, suspected, nanoTime.getAsLong(), started - 1, probes), probes);
  }

  /**
   * A read ended: the replicas it asked and never heard from count as slow, and the probes it
   * claimed are given back.
   *
   * @param cursor the read's cursor
   * @param silent the replicas it asked that did not answer in time
   * @param deadline the read's deadline
   */
  void finished(Cursor<?> cursor, java.util.Set<String> silent, Duration deadline) {
    for (String id : silent) {
      silent(id, deadline);
    }
    ranking.release(cursor.probes);
  }

  long now() {
    return nanoTime.getAsLong();
  }

  void replied(String replicaId, long askedAt) {
    long now = nanoTime.getAsLong();
    latencies.add(now - askedAt);
    ranking.record(replicaId, now - askedAt, now);
  }

  /** A replica asked by a read that never answered before its deadline: as slow as the deadline. */
  void silent(String replicaId, Duration deadline) {
    ranking.record(replicaId, deadline.toNanos(), nanoTime.getAsLong());
  }

  /**
   * Asks one more replica each time the delay passes, while the read is not done.
   *
   * @param done whether the read has its answer
   * @param cursor the replicas not yet asked
   * @param askNext asks the next replica from the cursor
   * @param key the key, for the event
   */
  void scheduleHedge(
      java.util.function.BooleanSupplier done, Cursor<?> cursor, Runnable askNext, Object key) {
    Duration delay =
        policy.percentile() == 0
            ? policy.delay()
            : latencies.percentile(policy.percentile()).orElse(policy.delay());
    Runnable unused =
        scheduler.schedule(
            delay,
            () -> {
              Replica<?, ?> next = cursor.peek();
              if (done.getAsBoolean() || next == null) {
                return;
              }
              if (hedges.get() >= policy.budget() * readsStarted.get()) {
                return; // over budget: wait for the replicas already asked
              }
              hedges.incrementAndGet();
              events.accept(new QuorumEvent.Hedged(key, next.id()));
              askNext.run();
              scheduleHedge(done, cursor, askNext, key);
            });
  }

  /**
   * Halfway to the deadline, a read still short of its quorum asks every replica it has not asked,
   * whatever the budget: the budget limits extra load on a healthy cluster, but must never make a
   * hedged read fail where asking everyone at once would have succeeded (a silent replica).
   *
   * @param deadline the read's deadline
   * @param done whether the read has its answer
   * @param cursor the replicas not yet asked
   * @param askNext asks the next replica from the cursor
   */
  void scheduleRescue(
      Duration deadline,
      java.util.function.BooleanSupplier done,
      Cursor<?> cursor,
      Runnable askNext) {
    Runnable unused =
        scheduler.schedule(
            deadline.dividedBy(2),
            () -> {
              while (!done.getAsBoolean() && cursor.peek() != null) {
                rescues.incrementAndGet();
                askNext.run();
              }
            });
  }

  long rescuesSent() {
    return rescues.get();
  }

  long hedgesSent() {
    return hedges.get();
  }

  /** The last replica reply latencies, for percentile hedging. */
  static final class LatencyWindow {
    private final long[] samples;
    private int count;
    private int next;

    LatencyWindow(int size) {
      this.samples = new long[size];
    }

    synchronized void add(long nanos) {
      samples[next] = nanos;
      next = (next + 1) % samples.length;
      count = Math.min(count + 1, samples.length);
    }

    /** The percentile, once at least 20 replies have been seen. */
    synchronized Optional<Duration> percentile(double p) {
      if (count < 20) {
        return Optional.empty();
      }
      long[] sorted = Arrays.copyOf(samples, count);
      Arrays.sort(sorted);
      int index = (int) Math.min(count - 1, Math.ceil(p * count) - 1);
      return Optional.of(Duration.ofNanos(Math.max(1, sorted[Math.max(0, index)])));
    }
  }
}
