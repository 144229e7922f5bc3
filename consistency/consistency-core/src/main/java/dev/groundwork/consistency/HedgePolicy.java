package dev.groundwork.consistency;

import java.time.Duration;

/**
 * Hedged reads (Foundations §1: tail latency): a read first asks only R replicas, and if they have
 * not all answered after {@code delay}, asks one more, and so on, while the extra requests stay
 * within {@code budget} of all reads. A replica is never asked twice, so never counted twice.
 *
 * @param delay how long to wait before each extra request; for example the replicas' p95 latency
 * @param budget the most extra requests per read, for example 0.1 for 10 % (plus one)
 */
public record HedgePolicy(Duration delay, double budget) {

  /**
   * Validates the policy.
   *
   * @param delay positive
   * @param budget 0 to 1
   * @throws ConsistencyException if either is out of range
   */
  public HedgePolicy {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      throw new ConsistencyException("hedge delay must be positive, got " + delay);
    }
    if (!(budget >= 0 && budget <= 1)) {
      throw new ConsistencyException("hedge budget must be 0 to 1, got " + budget);
    }
  }
}
