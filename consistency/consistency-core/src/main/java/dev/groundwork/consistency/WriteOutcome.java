package dev.groundwork.consistency;

/** What a write achieved. A write is never reported as rolled back: replicas do not undo. */
public enum WriteOutcome {
  /** At least W distinct replicas acknowledged it before the deadline. */
  SUCCESS,
  /** It was not sent: fewer than W replicas were believed reachable. It had no effect. */
  NOT_APPLIED,
  /**
   * Fewer than W acknowledged before the deadline (timeouts, failures). It may have been stored by
   * some replicas and may still become visible; it may also never be.
   */
  INDETERMINATE
}
