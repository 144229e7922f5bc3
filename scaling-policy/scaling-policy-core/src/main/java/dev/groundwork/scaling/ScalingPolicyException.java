package dev.groundwork.scaling;

/**
 * The root of every exception the scaling area throws: a configuration or an input that is not
 * acceptable. The message names what was wrong and what is allowed. Never retryable: the same input
 * fails the same way.
 */
public class ScalingPolicyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what is allowed
   */
  public ScalingPolicyException(String message) {
    super(message);
  }
}
