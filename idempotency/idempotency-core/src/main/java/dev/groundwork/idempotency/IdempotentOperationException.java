package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The operation threw a checked exception, wrapped here as the cause; unchecked exceptions and
 * errors pass through unwrapped. The key was released (or the outcome stored) as the failure policy
 * said. The status and retryability are the operation's business: this class answers 500 and false.
 */
public class IdempotentOperationException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  public IdempotentOperationException(
      @Nullable String key, String message, @Nullable Throwable cause) {
    super(key, message, cause, false, 500);
  }
}
