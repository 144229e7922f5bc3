package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The store failed. Stores report every failure as this class or a subclass, never as a driver's
 * exception. Connection failures and timeouts are retryable ({@link
 * IdempotencyStoreUnavailableException}); data or configuration errors (a missing table, a
 * malformed record) are not.
 */
public class IdempotencyStoreException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param retryable whether the same call can succeed later
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotencyStoreException(
      @Nullable String key, boolean retryable, String message, @Nullable Throwable cause) {
    super(key, message, cause, retryable, retryable ? 503 : 500);
  }
}
