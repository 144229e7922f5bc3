package dev.groundwork.consistency;

import java.time.Duration;
import java.util.Objects;

/**
 * How a quorum client keeps and replays hints: the writes a replica missed while it was down or
 * silent, held by the client and sent to it later (Foundations §6, hinted handoff).
 *
 * <p>Hints are replayed on a timer of their own, starting {@code replayAfter} after a replica first
 * misses a write and backing off (doubling, up to {@code maxBackoff}) while it stays unreachable,
 * and at once whenever the replica answers a request again. One round at a time per replica sends
 * one put per hinted key, so replay traffic follows the number of hinted keys, never the write
 * rate.
 *
 * <p>Hints are bounded: a replica holds at most {@code maxKeysPerReplica} hinted keys (a key missed
 * beyond that is not hinted), and a hint older than {@code window} is dropped, as Cassandra's hint
 * window does. Each drop emits {@link QuorumEvent.HintDropped}. A dropped hint loses no
 * acknowledged write (W replicas hold it, and read repair spreads it), but the replica stays stale
 * for that key until a read repairs it.
 *
 * @param replayAfter the first replay's delay after a replica misses a write
 * @param maxBackoff the longest delay between replays to a replica that stays unreachable
 * @param window how long a hint is kept before it is dropped
 * @param maxKeysPerReplica how many keys may be hinted for one replica
 * @param maxBytesPerReplica how much the hinted versions of one replica may weigh
 */
public record HintPolicy(
    Duration replayAfter,
    Duration maxBackoff,
    Duration window,
    int maxKeysPerReplica,
    long maxBytesPerReplica) {

  /** The default bound on the weight of one replica's hints: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /**
   * A policy with the default byte bound, 64 MiB per replica.
   *
   * @param replayAfter positive
   * @param maxBackoff at least {@code replayAfter}
   * @param window positive
   * @param maxKeysPerReplica at least 1
   */
  public HintPolicy(
      Duration replayAfter, Duration maxBackoff, Duration window, int maxKeysPerReplica) {
    this(replayAfter, maxBackoff, window, maxKeysPerReplica, DEFAULT_MAX_BYTES);
  }

  /**
   * Checks the options.
   *
   * @param replayAfter positive
   * @param maxBackoff at least {@code replayAfter}
   * @param window positive
   * @param maxKeysPerReplica at least 1
   * @param maxBytesPerReplica at least 1
   */
  public HintPolicy {
    Objects.requireNonNull(replayAfter, "replayAfter");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(window, "window");
    if (replayAfter.isNegative() || replayAfter.isZero()) {
      throw new ConsistencyArgumentException(
          "hint replayAfter must be positive, got " + replayAfter);
    }
    if (maxBackoff.compareTo(replayAfter) < 0) {
      throw new ConsistencyArgumentException(
          "hint maxBackoff must be at least replayAfter (" + replayAfter + "), got " + maxBackoff);
    }
    if (window.isNegative() || window.isZero()) {
      throw new ConsistencyArgumentException("hint window must be positive, got " + window);
    }
    if (maxKeysPerReplica < 1) {
      throw new ConsistencyArgumentException(
          "hint maxKeysPerReplica must be at least 1, got " + maxKeysPerReplica);
    }
    if (maxBytesPerReplica < 1) {
      throw new ConsistencyArgumentException(
          "hint maxBytesPerReplica must be at least 1, got " + maxBytesPerReplica);
    }
  }

  /**
   * The defaults: first replay after 1 s, backing off to 1 min, hints kept 3 h, at most 100,000
   * hinted keys and 64 MiB of hinted versions per replica.
   *
   * @return the default policy
   */
  public static HintPolicy defaults() {
    return new HintPolicy(
        Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(3), 100_000);
  }
}
