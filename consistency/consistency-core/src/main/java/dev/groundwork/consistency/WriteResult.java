package dev.groundwork.consistency;

import java.util.Map;
import java.util.Set;

/**
 * What a write achieved, and from which replicas.
 *
 * @param outcome SUCCESS, NOT_APPLIED or INDETERMINATE
 * @param required W
 * @param clock the written version's history (its context and its dot), or for NOT_APPLIED the
 *     context given: pass it as the context of a later write to supersede this one
 * @param acked the replicas that acknowledged it before the result
 * @param failures the replicas that refused or could not be reached, each with its cause
 * @param timedOut the replicas that did not answer before the deadline (or were not waited for)
 */
public record WriteResult(
    WriteOutcome outcome,
    int required,
    VectorClock clock,
    Set<String> acked,
    Map<String, Throwable> failures,
    Set<String> timedOut) {

  /**
   * Copies the sets.
   *
   * @param outcome the outcome
   * @param required W
   * @param clock the version
   * @param acked acked replicas
   * @param failures failed replicas and causes
   * @param timedOut silent replicas
   */
  public WriteResult {
    acked = Set.copyOf(acked);
    failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
    timedOut = Set.copyOf(timedOut);
  }

  /**
   * The replicas that failed.
   *
   * @return replica ids
   */
  public Set<String> failed() {
    return failures.keySet();
  }

  /**
   * Whether W replicas acknowledged.
   *
   * @return true for SUCCESS
   */
  public boolean isSuccess() {
    return outcome == WriteOutcome.SUCCESS;
  }

  /**
   * This result, if it is a success.
   *
   * @return this
   * @throws QuorumException naming the replicas, when the outcome is not SUCCESS
   */
  public WriteResult requireSuccess() {
    if (!isSuccess()) {
      throw new QuorumException(
          "write "
              + outcome
              + (outcome == WriteOutcome.INDETERMINATE ? " (it may still become visible)" : ""),
          required,
          acked,
          failures,
          timedOut);
    }
    return this;
  }
}
