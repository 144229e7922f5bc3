package dev.groundwork.scaling;

import java.time.Instant;
import java.util.Map;

/**
 * What an autoscaler sees at one evaluation.
 *
 * @param now the time of the evaluation
 * @param currentCapacity the capacity currently asked for (the group's desired capacity, the
 *     deployment's replicas), including instances still starting
 * @param metrics the metrics observed, by name; a metric not observed is left out
 */
public record ScalingInput(Instant now, int currentCapacity, Map<String, Metric> metrics) {

  /**
   * Validates and copies the input.
   *
   * @param now the time of the evaluation
   * @param currentCapacity the capacity currently asked for
   * @param metrics the metrics observed
   * @throws ScalingPolicyException if the capacity is negative or above {@link
   *     CapacityLimits#LARGEST}
   */
  public ScalingInput {
    if (now == null || metrics == null) {
      throw new ScalingPolicyException("now and metrics are required");
    }
    if (currentCapacity < 0 || currentCapacity > CapacityLimits.LARGEST) {
      throw new ScalingPolicyException(
          "current capacity must be 0 to " + CapacityLimits.LARGEST + ", got " + currentCapacity);
    }
    metrics = Map.copyOf(metrics);
  }

  /**
   * An input with one metric.
   *
   * @param now the time of the evaluation
   * @param currentCapacity the capacity currently asked for
   * @param name the metric's name
   * @param metric the metric
   * @return the input
   */
  public static ScalingInput of(Instant now, int currentCapacity, String name, Metric metric) {
    return new ScalingInput(now, currentCapacity, Map.of(name, metric));
  }
}
