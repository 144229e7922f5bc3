package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The operation ran but its lease had been taken over by another caller before it could store its
 * result, so the other caller's result stands and this one was discarded. The lease was too short
 * for the operation. HTTP 409; a retry replays the result that stands.
 */
public class IdempotencyLeaseLostException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotencyLeaseLostException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, message, cause, true, 409);
  }
}
