package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the idempotency area throws. Each subclass says which key refused the
 * call, whether retrying the same request can help, and the HTTP status a service usually answers
 * with.
 */
public abstract class IdempotencyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The key the call was made with, or null. */
  private final @Nullable String key;

  /**
   * Creates an exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   */
  protected IdempotencyException(@Nullable String key, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * The key the call was made with (as the caller gave it, before scoping).
   *
   * @return the key, or null when none applies
   */
  public @Nullable String key() {
    return key;
  }

  /**
   * Whether sending the same request again can succeed.
   *
   * @return true when a retry (possibly later) can help
   */
  public abstract boolean isRetryable();

  /**
   * The HTTP status a service usually maps this outcome to.
   *
   * @return an HTTP status code
   */
  public abstract int httpStatus();
}
