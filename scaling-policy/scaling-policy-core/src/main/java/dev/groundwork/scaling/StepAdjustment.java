package dev.groundwork.scaling;

import org.jspecify.annotations.Nullable;

/**
 * One step of a step scaling policy: a range of the metric's distance from the alarm threshold, and
 * the adjustment to make when the metric is in it. As in AWS Auto Scaling, above the threshold the
 * lower bound is inclusive and the upper exclusive; below it the lower bound is exclusive and the
 * upper inclusive. A null bound is open (infinite).
 *
 * @param lowerBound the lower bound relative to the threshold, or null for minus infinity
 * @param upperBound the upper bound relative to the threshold, or null for plus infinity
 * @param adjustment the adjustment, interpreted by the policy's {@link AdjustmentType}
 */
public record StepAdjustment(
    @Nullable Double lowerBound, @Nullable Double upperBound, double adjustment) {

  /**
   * Validates the step.
   *
   * @param lowerBound the lower bound
   * @param upperBound the upper bound
   * @param adjustment the adjustment
   * @throws ScalingPolicyException if a bound or the adjustment is not finite, or the lower bound
   *     is not below the upper
   */
  public StepAdjustment {
    if ((lowerBound != null && !Double.isFinite(lowerBound))
        || (upperBound != null && !Double.isFinite(upperBound))
        || !Double.isFinite(adjustment)) {
      throw new ScalingPolicyException(
          "step bounds and adjustment must be finite (use null for an open bound): "
              + describe(lowerBound, upperBound));
    }
    if (lowerBound != null && upperBound != null && lowerBound >= upperBound) {
      throw new ScalingPolicyException(
          "step "
              + describe(lowerBound, upperBound)
              + " has its lower bound not below its upper bound");
    }
  }

  /**
   * A step from {@code lowerBound} (inclusive) upwards, open at the top.
   *
   * @param lowerBound the lower bound relative to the threshold
   * @param adjustment the adjustment
   * @return the step
   */
  public static StepAdjustment from(double lowerBound, double adjustment) {
    return new StepAdjustment(lowerBound, null, adjustment);
  }

  /**
   * A closed step.
   *
   * @param lowerBound the lower bound relative to the threshold
   * @param upperBound the upper bound relative to the threshold
   * @param adjustment the adjustment
   * @return the step
   */
  public static StepAdjustment between(double lowerBound, double upperBound, double adjustment) {
    return new StepAdjustment(lowerBound, upperBound, adjustment);
  }

  /**
   * A step from {@code upperBound} downwards, open at the bottom.
   *
   * @param upperBound the upper bound relative to the threshold
   * @param adjustment the adjustment
   * @return the step
   */
  public static StepAdjustment upTo(double upperBound, double adjustment) {
    return new StepAdjustment(null, upperBound, adjustment);
  }

  boolean contains(double distance, boolean aboveThreshold) {
    Double lo = lowerBound;
    Double hi = upperBound;
    if (aboveThreshold) {
      return (lo == null || distance >= lo) && (hi == null || distance < hi);
    }
    return (lo == null || distance > lo) && (hi == null || distance <= hi);
  }

  @Override
  public String toString() {
    return describe(lowerBound, upperBound) + " → " + adjustment;
  }

  static String describe(@Nullable Double lo, @Nullable Double hi) {
    return "[" + (lo == null ? "-∞" : fmt(lo)) + ", " + (hi == null ? "+∞" : fmt(hi)) + ")";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
