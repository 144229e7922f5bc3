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

  /** Whether the same call can succeed later. */
  private final boolean retryable;

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
    super(key, message, cause);
    this.retryable = retryable;
  }

  /**
   * {@inheritDoc}
   *
   * @return whether the store said the failure is passing
   */
  @Override
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code 503} when retryable, {@code 500} otherwise
   */
  @Override
  public int httpStatus() {
    return retryable ? 503 : 500;
  }
}
