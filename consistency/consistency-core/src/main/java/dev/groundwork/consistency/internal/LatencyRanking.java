package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.spi.Replica;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Each replica's smoothed read latency, so that a hedged read asks the replicas likely to answer
 * first rather than the first R in configuration order: with a slow replica among those, every read
 * would wait for the hedge delay (Foundations §1, tail latency).
 *
 * <p>Replicas within a factor of two of the fastest count as equally fast and take turns, so that
 * load spreads over them instead of following noise. A replica with no estimate, or none renewed
 * for the forget period, counts as fast: asking it again is how a recovered replica is noticed.
 * Only one read at a time probes a replica whose estimate has expired; the others rank it by its
 * last estimate until the probe's reply (or its silence) renews it, so a replica that is still slow
 * delays one read, not every read until its slow reply returns. Concurrent updates of one replica's
 * estimate may overwrite each other; an estimate is a hint, and the next reply corrects it.
 */
final class LatencyRanking {

  /** How much of each new sample enters the estimate. */
  private static final double WEIGHT = 0.2;

  private record Estimate(double nanos, long at) {}

  private final ConcurrentHashMap<String, Estimate> estimates = new ConcurrentHashMap<>();

  /** Replicas whose expired estimate a read is probing now. */
  private final java.util.Set<String> probing = ConcurrentHashMap.newKeySet();

  private final long forgetNanos;

  /**
   * Creates an empty ranking.
   *
   * @param forgetNanos how long an estimate lasts without a new sample
   */
  LatencyRanking(long forgetNanos) {
    this.forgetNanos = forgetNanos;
  }

  /**
   * Records one reply's latency.
   *
   * @param replica the replica's id
   * @param latencyNanos how long it took
   * @param now the current time on the client's monotonic clock
   */
  void record(String replica, long latencyNanos, long now) {
    Estimate last = estimates.get(replica);
    double next =
        last == null || now - last.at() > forgetNanos
            ? latencyNanos
            : last.nanos() + WEIGHT * (latencyNanos - last.nanos());
    estimates.put(replica, new Estimate(next, now));
    probing.remove(replica);
  }

  /**
   * Gives back probes a read claimed and no longer needs (it ended, or never asked the replica).
   *
   * @param replicas the claimed replica ids
   */
  void release(java.util.Collection<String> replicas) {
    probing.removeAll(replicas);
  }

  /**
   * The replica's estimate, 0 when it has none or it is older than the forget period.
   *
   * @param replica the replica's id
   * @param now the current time
   * @return the smoothed latency in nanoseconds, or 0
   */
  double estimate(String replica, long now) {
    Estimate e = estimates.get(replica);
    return e == null || now - e.at() > forgetNanos ? 0 : e.nanos();
  }

  /**
   * The replicas in the order a hedged read should ask them: not suspected before suspected, then
   * by latency band (factors of two above the fastest), then in turns that move by one each read.
   *
   * @param replicas the replicas, in configuration order
   * @param suspected whether a replica id is believed down
   * @param now the current time
   * @param turn a number that grows by one per read
   * @param <R> the replica type
   * @return a new list
   */
  <R extends Replica<?, ?>> List<R> order(
      List<R> replicas, Predicate<String> suspected, long now, long turn) {
    return order(replicas, suspected, now, turn, null);
  }

  /**
   * As {@link #order(List, Predicate, long, long)}, but a replica whose estimate expired counts as
   * fast only for the one read that claims its probe; the ids claimed are added to {@code claims},
   * to be given back with {@link #release} when the read ends (a reply gives them back too).
   *
   * @param replicas the replicas, in configuration order
   * @param suspected whether a replica id is believed down
   * @param now the current time
   * @param turn a number that grows by one per read
   * @param claims where the probes this read claimed are added, or null to probe without limit
   * @param <R> the replica type
   * @return a new list
   */
  <R extends Replica<?, ?>> List<R> order(
      List<R> replicas,
      Predicate<String> suspected,
      long now,
      long turn,
      java.util.@Nullable Set<String> claims) {
    int n = replicas.size();
    double fastest = Double.MAX_VALUE;
    double[] estimate = new double[n];
    for (int i = 0; i < n; i++) {
      String id = replicas.get(i).id();
      estimate[i] = estimate(id, now);
      Estimate last = estimates.get(id);
      if (estimate[i] == 0 && last != null && claims != null) {
        if (probing.add(id)) {
          claims.add(id);
        } else {
          estimate[i] = last.nanos(); // another read is probing it: rank it as it last was
        }
      }
      if (estimate[i] > 0) {
        fastest = Math.min(fastest, estimate[i]);
      }
    }
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      int band =
          estimate[i] <= 2 * fastest
              ? 0
              : (int) Math.ceil(Math.log(estimate[i] / fastest) / Math.log(2)) - 1;
      long position = Math.floorMod(i - turn, (long) n);
      key[i] =
          (suspected.test(replicas.get(i).id()) ? 1L << 40 : 0) + ((long) band << 20) + position;
    }
    List<Integer> indexes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      indexes.add(i);
    }
    indexes.sort(Comparator.comparingLong(i -> key[i]));
    List<R> ordered = new ArrayList<>(n);
    for (int i : indexes) {
      ordered.add(replicas.get(i));
    }
    return ordered;
  }
}
