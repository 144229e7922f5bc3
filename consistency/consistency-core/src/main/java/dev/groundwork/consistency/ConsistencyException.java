package dev.groundwork.consistency;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the consistency area throws, so one catch handles them all. Its two
 * kinds tell a caller what to do: {@link ConsistencyArgumentException} is bad input or
 * configuration (retrying cannot help), {@link QuorumException} is replicas that did not answer
 * well enough (retrying may).
 */
public class ConsistencyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public ConsistencyException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what happened
   * @param cause what made it happen, or null
   */
  public ConsistencyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
