package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or did not answer in time. At claim time the executor fails
 * closed: the operation does not run. HTTP 503; retryable.
 */
public class IdempotencyStoreUnavailableException extends IdempotencyStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotencyStoreUnavailableException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, true, message, cause);
  }
}
