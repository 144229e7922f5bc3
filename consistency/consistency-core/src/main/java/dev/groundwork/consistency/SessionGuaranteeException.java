package dev.groundwork.consistency;

/**
 * A session read found only replicas behind what the session already wrote or read. Retryable: the
 * replicas catch up through hints and read repair.
 */
public class SessionGuaranteeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key, and what was expected
   */
  public SessionGuaranteeException(String message) {
    super(message);
  }
}
