package dev.groundwork.scaling;

/** How a step's adjustment changes capacity, as in AWS Auto Scaling. */
public enum AdjustmentType {
  /** Add the adjustment (negative to remove). */
  CHANGE_IN_CAPACITY,
  /** Set the capacity to the adjustment. */
  EXACT_CAPACITY,
  /**
   * Add the adjustment as a percentage of the current capacity: a result above 1 is truncated (12.7
   * → 12), one between 0 and 1 becomes 1, one between -1 and 0 becomes -1, one below -1 is
   * truncated toward zero (-6.67 → -6); then the minimum adjustment magnitude applies.
   */
  PERCENT_CHANGE_IN_CAPACITY
}
