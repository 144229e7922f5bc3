package dev.groundwork.scaling;

import java.time.Duration;

/**
 * A rule that recommends a capacity from the metrics: {@link StepScalingPolicy} or {@link
 * TargetTrackingPolicy}. Policies are immutable; whatever they remember lives in the {@link
 * AutoscalerState} passed in.
 */
public sealed interface ScalingPolicy permits StepScalingPolicy, TargetTrackingPolicy {

  /**
   * The policy's name, unique within an autoscaler.
   *
   * @return the name
   */
  String name();

  /**
   * Recommends a capacity on its own, before the autoscaler combines policies and applies the
   * capacity limits.
   *
   * @param input the time, current capacity and metrics
   * @param state what the autoscaler remembers
   * @return the recommendation and the rules that shaped it
   */
  Recommendation recommend(ScalingInput input, AutoscalerState state);

  /**
   * How far back this policy looks into the state (its longest window, period, warm-up or
   * cooldown), so that the autoscaler keeps no more than it needs.
   *
   * @return a duration, zero or positive
   */
  Duration memory();
}
