package dev.groundwork.scaling;

import java.time.Instant;
import java.util.List;

/**
 * What an {@link Autoscaler} decided at one evaluation, and why.
 *
 * @param at the time of the evaluation
 * @param currentCapacity the capacity before
 * @param desiredCapacity the capacity decided
 * @param recommendations each policy's recommendation and the rules that shaped it
 * @param constraints the rules that shaped the combined decision (composition, schedule, min/max)
 * @param state the state to pass to the next evaluation
 */
public record Decision(
    Instant at,
    int currentCapacity,
    int desiredCapacity,
    List<Recommendation> recommendations,
    List<Constraint> constraints,
    AutoscalerState state) {

  /**
   * Copies the lists.
   *
   * @param at the time
   * @param currentCapacity the capacity before
   * @param desiredCapacity the capacity decided
   * @param recommendations the policies' recommendations
   * @param constraints the combined decision's constraints
   * @param state the next state
   */
  public Decision {
    recommendations = List.copyOf(recommendations);
    constraints = List.copyOf(constraints);
  }

  /**
   * Whether the capacity changes.
   *
   * @return true when the desired capacity differs from the current one
   */
  public boolean isChange() {
    return desiredCapacity != currentCapacity;
  }

  /**
   * Whether any policy or the combination was held or shaped by a rule.
   *
   * @param limit the rule
   * @return true when it applied
   */
  public boolean wasLimitedBy(Limit limit) {
    return constraints.stream().anyMatch(c -> c.limit() == limit)
        || recommendations.stream()
            .flatMap(r -> r.constraints().stream())
            .anyMatch(c -> c.limit() == limit);
  }

  /**
   * The decision in words, for logs and for people.
   *
   * @return for example {@code "10 → 10 (hold); cpu: 6 (scale-in to 6 held at 10 by the 300 s
   *     scale-in stabilisation window)"}
   */
  public String explain() {
    StringBuilder s = new StringBuilder();
    s.append(currentCapacity).append(" → ").append(desiredCapacity);
    s.append(
        desiredCapacity > currentCapacity
            ? " (scale out)"
            : desiredCapacity < currentCapacity ? " (scale in)" : " (hold)");
    for (Recommendation r : recommendations) {
      s.append("; ").append(r);
    }
    for (Constraint c : constraints) {
      s.append("; ").append(c.detail());
    }
    return s.toString();
  }
}
