package dev.groundwork.consistency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The root of the consistency area's operational failures: an operation did not reach its quorum
 * (or, as {@link SessionGuaranteeException}, its session guarantee). Names the replicas that
 * answered, failed (each with its cause: the first is this exception's cause, the others are
 * suppressed), or never answered, and the counts required and achieved. Retryable: the same
 * operation can succeed once enough replicas answer. Bad input is {@link
 * ConsistencyArgumentException}.
 */
public class QuorumException extends ConsistencyException {

  private static final long serialVersionUID = 1L;

  /** How many replicas the operation needed. */
  private final int required;

  /** How many answered in time. */
  private final int achieved;

  /** The replicas that answered. */
  private final Set<String> answered;

  /** The replicas that failed, with why. */
  private final Map<String, Throwable> failures;

  /** The replicas that did not answer before the deadline. */
  private final Set<String> timedOut;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param required how many replicas were needed
   * @param answered the replicas that answered
   * @param failures the replicas that failed, each with its cause
   * @param timedOut the replicas that did not answer in time
   */
  public QuorumException(
      String message,
      int required,
      Set<String> answered,
      Map<String, Throwable> failures,
      Set<String> timedOut) {
    super(
        message
            + ": required "
            + required
            + ", achieved "
            + answered.size()
            + "; answered "
            + answered
            + ", failed "
            + describe(failures)
            + ", no answer "
            + timedOut,
        failures.isEmpty() ? null : failures.values().iterator().next());
    this.required = required;
    this.achieved = answered.size();
    this.answered = Set.copyOf(answered);
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    this.timedOut = Set.copyOf(timedOut);
    boolean first = true;
    for (Throwable cause : failures.values()) {
      if (!first && cause != getCause()) {
        addSuppressed(cause);
      }
      first = false;
    }
  }

  /** Each failed replica with the first line of its cause, so the message alone says why. */
  private static String describe(Map<String, Throwable> failures) {
    StringBuilder out = new StringBuilder("[");
    for (Map.Entry<String, Throwable> e : failures.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      Throwable cause = e.getValue();
      while (cause.getCause() != null
          && (cause instanceof java.util.concurrent.CompletionException
              || cause instanceof java.util.concurrent.ExecutionException)) {
        cause = cause.getCause();
      }
      out.append(e.getKey()).append(" (").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        out.append(": ").append(cause.getMessage());
      }
      out.append(')');
    }
    return out.append(']').toString();
  }

  /**
   * How many replicas were needed.
   *
   * @return R or W
   */
  public int required() {
    return required;
  }

  /**
   * How many answered in time.
   *
   * @return fewer than {@link #required()}
   */
  public int achieved() {
    return achieved;
  }

  /**
   * The replicas that answered.
   *
   * @return replica ids
   */
  public Set<String> answered() {
    return answered;
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
   * The replicas that failed, each with what it failed with.
   *
   * @return replica id to cause, in the order they failed
   */
  public Map<String, Throwable> failures() {
    return failures;
  }

  /**
   * The replicas that did not answer before the deadline.
   *
   * @return replica ids
   */
  public Set<String> timedOut() {
    return timedOut;
  }
}
