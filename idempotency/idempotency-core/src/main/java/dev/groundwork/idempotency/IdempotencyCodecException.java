package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The result codec failed: a fresh result could not be encoded (the key was released, so nothing
 * stays in progress) or a stored result could not be decoded. HTTP 500; a programming or deployment
 * error, not fixed by retrying.
 */
public class IdempotencyCodecException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotencyCodecException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, message, cause, false, 500);
  }
}
