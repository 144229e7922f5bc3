package dev.groundwork.scaling;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The rules for one direction of a target-tracking policy, as in the Kubernetes HPA's {@code
 * HPAScalingRules}: a stabilisation window and rate limits.
 *
 * @param stabilizationWindow how far back recommendations are remembered: scaling out uses the
 *     lowest recent one, scaling in the highest; 0 to 1 hour
 * @param select which rate policy wins
 * @param policies the rate limits; at least one unless {@code select} is DISABLED
 */
public record ScalingRules(
    Duration stabilizationWindow, SelectPolicy select, List<RatePolicy> policies) {

  /**
   * Validates and copies the rules.
   *
   * @param stabilizationWindow the window
   * @param select the selection
   * @param policies the rate limits
   * @throws ScalingPolicyException if the window is outside 0 to 1 hour, or there is no policy and
   *     the direction is not disabled
   */
  public ScalingRules {
    if (stabilizationWindow == null || select == null || policies == null) {
      throw new ScalingPolicyException("stabilizationWindow, select and policies are required");
    }
    if (stabilizationWindow.isNegative()
        || stabilizationWindow.compareTo(Duration.ofHours(1)) > 0) {
      throw new ScalingPolicyException(
          "stabilization window must be 0 to 1 hour (the HPA's range), got " + stabilizationWindow);
    }
    policies = List.copyOf(policies);
    if (policies.isEmpty() && select != SelectPolicy.DISABLED) {
      throw new ScalingPolicyException(
          "at least one rate policy is needed unless the direction is DISABLED");
    }
  }

  /**
   * Rules with a window, a selection and policies.
   *
   * @param stabilizationWindow the window
   * @param select the selection
   * @param policies the rate limits
   * @return the rules
   */
  public static ScalingRules of(
      Duration stabilizationWindow, SelectPolicy select, RatePolicy... policies) {
    return new ScalingRules(stabilizationWindow, select, List.of(policies));
  }

  /**
   * No change in this direction at all.
   *
   * @return rules with {@link SelectPolicy#DISABLED}
   */
  public static ScalingRules disabled() {
    return new ScalingRules(Duration.ZERO, SelectPolicy.DISABLED, List.of());
  }

  Duration longestPeriod() {
    return policies.stream()
        .map(RatePolicy::period)
        .max(Comparator.naturalOrder())
        .orElse(Duration.ZERO);
  }
}
