package dev.groundwork.scaling;

/** How a step policy's alarm compares the metric with its threshold. */
public enum Comparison {
  /** Breached when the metric is at or above the threshold. */
  GREATER_THAN_OR_EQUAL,
  /** Breached when the metric is above the threshold. */
  GREATER_THAN,
  /** Breached when the metric is below the threshold. */
  LESS_THAN,
  /** Breached when the metric is at or below the threshold. */
  LESS_THAN_OR_EQUAL;

  boolean isBreached(double value, double threshold) {
    return switch (this) {
      case GREATER_THAN_OR_EQUAL -> value >= threshold;
      case GREATER_THAN -> value > threshold;
      case LESS_THAN -> value < threshold;
      case LESS_THAN_OR_EQUAL -> value <= threshold;
    };
  }

  boolean isUpper() {
    return this == GREATER_THAN_OR_EQUAL || this == GREATER_THAN;
  }
}
