package dev.groundwork.scaling;

/**
 * The bounds every decision stays within.
 *
 * @param min the least capacity, at least 0
 * @param max the most capacity, at least {@code min}, at most 1,000,000
 */
public record CapacityLimits(int min, int max) {

  /** The largest capacity accepted anywhere. */
  public static final int LARGEST = 1_000_000;

  /**
   * Validates the bounds.
   *
   * @param min the least capacity
   * @param max the most capacity
   * @throws ScalingPolicyException if min is negative, max is below min, or max is above {@link
   *     #LARGEST}
   */
  public CapacityLimits {
    if (min < 0) {
      throw new ScalingPolicyException("min capacity must be at least 0, got " + min);
    }
    if (max < min) {
      throw new ScalingPolicyException(
          "max capacity (" + max + ") must not be below min capacity (" + min + ")");
    }
    if (max > LARGEST) {
      throw new ScalingPolicyException("max capacity must be at most " + LARGEST + ", got " + max);
    }
  }

  /**
   * Clamps a capacity into the bounds.
   *
   * @param capacity any capacity
   * @return the nearest capacity within the bounds
   */
  public int clamp(int capacity) {
    return Math.max(min, Math.min(max, capacity));
  }
}
