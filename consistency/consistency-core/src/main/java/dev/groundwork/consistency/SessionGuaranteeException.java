package dev.groundwork.consistency;

import java.util.Map;
import java.util.Set;

/**
 * A session read found only replicas behind what the session already wrote or read. Retryable: the
 * replicas catch up through hints and read repair.
 */
public class SessionGuaranteeException extends QuorumException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key, and what was expected
   * @param required how many replicas the last read asked for
   * @param answered the replicas that answered, all behind the session
   * @param failures the replicas that failed, each with its cause
   * @param timedOut the replicas that did not answer
   */
  public SessionGuaranteeException(
      String message,
      int required,
      Set<String> answered,
      Map<String, Throwable> failures,
      Set<String> timedOut) {
    super(message, required, answered, failures, timedOut);
  }
}
