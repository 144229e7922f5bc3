package dev.groundwork.idempotency.json;

import org.jspecify.annotations.Nullable;

/**
 * A body that is not JSON the canonical form can be made of: malformed text, a duplicate member
 * name, a lone surrogate, a number outside the double range, or content after the value. A client's
 * request, so HTTP 400.
 */
public final class InvalidJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, and where
   * @param cause the parser's own error, if any
   */
  public InvalidJsonException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
