package dev.groundwork.consistency;

/**
 * The root of every exception the consistency area throws. This one reports bad input or
 * configuration: the message names what was wrong and what is allowed, and retrying cannot help.
 */
public class ConsistencyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what is allowed
   */
  public ConsistencyException(String message) {
    super(message);
  }
}
