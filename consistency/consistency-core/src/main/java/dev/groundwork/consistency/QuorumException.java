package dev.groundwork.consistency;

import java.util.Set;

/**
 * The root of the consistency area's operational failures: an operation did not reach its quorum
 * (or, as {@link SessionGuaranteeException}, its session guarantee). Names the replicas that
 * answered, failed, or never answered, and the counts required and achieved. Retryable: the same
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

  /** The replicas that failed. */
  private final Set<String> failed;

  /** The replicas that did not answer before the deadline. */
  private final Set<String> timedOut;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param required how many replicas were needed
   * @param answered the replicas that answered
   * @param failed the replicas that failed
   * @param timedOut the replicas that did not answer in time
   */
  public QuorumException(
      String message,
      int required,
      Set<String> answered,
      Set<String> failed,
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
            + failed
            + ", no answer "
            + timedOut);
    this.required = required;
    this.achieved = answered.size();
    this.answered = Set.copyOf(answered);
    this.failed = Set.copyOf(failed);
    this.timedOut = Set.copyOf(timedOut);
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
    return failed;
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
