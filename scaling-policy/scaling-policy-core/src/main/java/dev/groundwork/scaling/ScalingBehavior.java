package dev.groundwork.scaling;

import java.time.Duration;

/**
 * How fast a target-tracking policy may scale each way, as the Kubernetes HPA's {@code behavior}.
 *
 * @param scaleUp the rules for scaling out
 * @param scaleDown the rules for scaling in
 */
public record ScalingBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {

  /**
   * The HPA's defaults: scale out by the larger of 100 % or 4 instances per 15 s with no
   * stabilisation; scale in by up to 100 % per 15 s after a 300 s stabilisation window.
   */
  public static final ScalingBehavior HPA_DEFAULT =
      new ScalingBehavior(
          ScalingRules.of(
              Duration.ZERO,
              SelectPolicy.MAX,
              RatePolicy.percent(100, Duration.ofSeconds(15)),
              RatePolicy.instances(4, Duration.ofSeconds(15))),
          ScalingRules.of(
              Duration.ofSeconds(300),
              SelectPolicy.MAX,
              RatePolicy.percent(100, Duration.ofSeconds(15))));

  /**
   * Checks that both directions are given.
   *
   * @param scaleUp the rules for scaling out
   * @param scaleDown the rules for scaling in
   * @throws ScalingPolicyException if either is null
   */
  public ScalingBehavior {
    if (scaleUp == null || scaleDown == null) {
      throw new ScalingPolicyException("scaleUp and scaleDown rules are both required");
    }
  }
}
