package dev.groundwork.scaling;

/**
 * A metric and the value a target-tracking policy keeps it at: a per-instance average for an {@link
 * Metric.Kind#AVERAGE} metric (utilisation 60), or a value per instance for a {@link
 * Metric.Kind#TOTAL} one (a backlog of 100 messages per instance, Foundations §3: "queue depth is
 * better for async").
 *
 * @param metric the metric's name
 * @param target the target value, finite and positive
 */
public record MetricTarget(String metric, double target) {

  /**
   * Validates the target.
   *
   * @param metric the metric's name
   * @param target the target value
   * @throws ScalingPolicyException if the target is not finite and positive
   */
  public MetricTarget {
    Names.require(metric);
    if (!Double.isFinite(target) || target <= 0) {
      throw new ScalingPolicyException(
          "target for metric '" + metric + "' must be a finite number above 0, got " + target);
    }
  }
}
