package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The key was already used with a different request (another fingerprint), in progress or
 * completed. Nothing was run. HTTP 422; final for this key: the client must use a new key for a new
 * request.
 */
public class IdempotencyKeyReuseException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotencyKeyReuseException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, message, cause, false, 422);
  }
}
