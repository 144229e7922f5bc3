package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The key (or namespace or tenant) is not acceptable: blank, too long, or with characters that are
 * not allowed. Nothing was stored. HTTP 400; retrying the same key cannot help.
 */
public class InvalidIdempotencyKeyException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public InvalidIdempotencyKeyException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, message, cause, false, 400);
  }
}
