package dev.groundwork.scaling;

import java.util.List;
import java.util.OptionalInt;

/**
 * What one policy recommends at one decision, and which rules shaped it.
 *
 * @param policy the policy's name
 * @param capacity the capacity it recommends, or empty when it has no opinion (a step policy whose
 *     alarm is not breached, a policy missing its metric)
 * @param constraints the rules that held or shaped the recommendation, in the order applied
 */
public record Recommendation(String policy, OptionalInt capacity, List<Constraint> constraints) {

  /**
   * Copies the constraints.
   *
   * @param policy the policy's name
   * @param capacity the recommended capacity
   * @param constraints the rules that applied
   */
  public Recommendation {
    constraints = List.copyOf(constraints);
  }

  /**
   * Whether the policy took no part in scale-in (its scale-in is disabled), so that it neither
   * starts nor blocks one.
   *
   * @return true when a {@link Limit#SCALE_IN_DISABLED} constraint applied
   */
  public boolean abstainsFromScaleIn() {
    return constraints.stream().anyMatch(c -> c.limit() == Limit.SCALE_IN_DISABLED);
  }

  @Override
  public String toString() {
    return policy
        + ": "
        + (capacity.isPresent() ? Integer.toString(capacity.getAsInt()) : "no opinion")
        + (constraints.isEmpty()
            ? ""
            : " ("
                + String.join("; ", constraints.stream().map(Constraint::detail).toList())
                + ")");
  }
}
