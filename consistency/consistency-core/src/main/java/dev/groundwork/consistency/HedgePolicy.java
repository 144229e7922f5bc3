package dev.groundwork.consistency;

import java.time.Duration;

/**
 * Hedged reads (Foundations §1: tail latency): a read first asks only R replicas, and if they have
 * not all answered after a delay, asks one more, and so on, while the extra requests stay within a
 * budget of all reads. A replica is never asked twice, so never counted twice.
 *
 * <p>The delay is either fixed, or a percentile of the replica reply latencies the client has
 * observed (the last 512), starting from {@code delay} until enough replies have been seen.
 *
 * @param delay the fixed delay, or the starting delay of a percentile policy
 * @param percentile 0 for a fixed delay, else the percentile of observed reply latencies to wait
 *     (for example 0.95), above 0 and below 1
 * @param budget the most extra requests per read, for example 0.1 for 10 % (plus one)
 */
public record HedgePolicy(Duration delay, double percentile, double budget) {

  /**
   * Validates the policy.
   *
   * @param delay positive
   * @param percentile 0, or above 0 and below 1
   * @param budget 0 to 1
   * @throws ConsistencyArgumentException if a value is out of range
   */
  public HedgePolicy {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      throw new ConsistencyArgumentException("hedge delay must be positive, got " + delay);
    }
    if (!(percentile == 0 || (percentile > 0 && percentile < 1))) {
      throw new ConsistencyArgumentException(
          "hedge percentile must be 0 (fixed delay) or between 0 and 1, got " + percentile);
    }
    if (!(budget >= 0 && budget <= 1)) {
      throw new ConsistencyArgumentException("hedge budget must be 0 to 1, got " + budget);
    }
  }

  /**
   * Hedge after a fixed delay.
   *
   * @param delay the delay, for example the replicas' known p95
   * @param budget the most extra requests per read
   * @return the policy
   */
  public static HedgePolicy after(Duration delay, double budget) {
    return new HedgePolicy(delay, 0, budget);
  }

  /**
   * Hedge after a percentile of the reply latencies observed so far.
   *
   * @param percentile for example 0.95
   * @param startingDelay the delay until enough replies have been observed
   * @param budget the most extra requests per read
   * @return the policy
   */
  public static HedgePolicy atPercentile(double percentile, Duration startingDelay, double budget) {
    return new HedgePolicy(startingDelay, percentile, budget);
  }
}
