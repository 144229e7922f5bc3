package dev.groundwork.scaling;

/** The rules that can hold or shape a recommendation, named in every decision's explanation. */
public enum Limit {
  /** The metric is within the tolerance band around its target: no change. */
  TOLERANCE,
  /** A metric the policy needs was not observed. */
  MISSING_METRIC,
  /** Filling in missing or not-ready instances would reverse the direction, so the HPA holds. */
  DIRECTION_REVERSAL,
  /** The step policy's alarm is not breached. */
  ALARM_NOT_BREACHED,
  /** The stabilisation window keeps a higher (scale-in) or lower (scale-out) recent value. */
  STABILIZATION_WINDOW,
  /** A rate-limit policy caps how much capacity may change per period. */
  RATE_LIMIT,
  /** Capacity still warming up already answers this step. */
  WARM_UP,
  /** A scale-in happened within the scale-in cooldown. */
  COOLDOWN,
  /** The policy does not scale in. */
  SCALE_IN_DISABLED,
  /** Another policy does not agree to scale in (scale in only when all do). */
  COMPOSITION,
  /** A scheduled minimum raised the capacity. */
  SCHEDULED_MINIMUM,
  /** The minimum capacity raised the decision. */
  MIN_CAPACITY,
  /** The maximum capacity lowered the decision. */
  MAX_CAPACITY
}
