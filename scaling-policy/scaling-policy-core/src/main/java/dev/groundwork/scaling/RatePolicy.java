package dev.groundwork.scaling;

import java.time.Duration;

/**
 * A limit on how much capacity may change within a sliding period, as in the Kubernetes HPA's
 * {@code HPAScalingPolicy}.
 *
 * @param type by a count of instances or by a percentage of the capacity at the period's start
 * @param value the count or percentage, at least 1
 * @param period the sliding period, 1 s to 30 min
 */
public record RatePolicy(Type type, int value, Duration period) {

  /** How the limit is expressed. */
  public enum Type {
    /** At most {@code value} instances per period. */
    INSTANCES,
    /** At most {@code value} percent of the period's starting capacity per period. */
    PERCENT
  }

  /**
   * Validates the policy.
   *
   * @param type the type
   * @param value the count or percentage
   * @param period the period
   * @throws ScalingPolicyException if the value is below 1 or the period outside 1 s to 30 min
   */
  public RatePolicy {
    if (type == null || period == null) {
      throw new ScalingPolicyException("rate policy type and period are required");
    }
    if (value < 1) {
      throw new ScalingPolicyException("rate policy value must be at least 1, got " + value);
    }
    if (period.compareTo(Duration.ofSeconds(1)) < 0
        || period.compareTo(Duration.ofMinutes(30)) > 0) {
      throw new ScalingPolicyException(
          "rate policy period must be 1 s to 30 min (the HPA's periodSeconds range), got "
              + period);
    }
  }

  /**
   * At most {@code count} instances per period.
   *
   * @param count the count
   * @param period the period
   * @return the policy
   */
  public static RatePolicy instances(int count, Duration period) {
    return new RatePolicy(Type.INSTANCES, count, period);
  }

  /**
   * At most {@code percent} percent per period.
   *
   * @param percent the percentage
   * @param period the period
   * @return the policy
   */
  public static RatePolicy percent(int percent, Duration period) {
    return new RatePolicy(Type.PERCENT, percent, period);
  }

  @Override
  public String toString() {
    return value
        + (type == Type.PERCENT ? " %" : " instance(s)")
        + " per "
        + period.toSeconds()
        + " s";
  }
}
