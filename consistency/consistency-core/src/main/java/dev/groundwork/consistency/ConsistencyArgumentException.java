package dev.groundwork.consistency;

/**
 * Bad input or configuration: the message names what was wrong and what is allowed, and retrying
 * cannot help. Nothing was sent to any replica.
 */
public class ConsistencyArgumentException extends ConsistencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what is allowed
   */
  public ConsistencyArgumentException(String message) {
    super(message);
  }
}
