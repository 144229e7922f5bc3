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

  /** Whether the same request can succeed later. */
  private final boolean retryable;

  /** The HTTP status a service usually answers with. */
  private final int httpStatus;

  /**
   * Creates an exception.
   *
   * @param key the key involved, or null when none applies
   * @param message what happened and what to do
   * @param cause the underlying failure, or null
   * @param retryable whether the same request can succeed later
   * @param httpStatus the HTTP status a service usually answers with
   */
  protected IdempotencyException(
      @Nullable String key,
      String message,
      @Nullable Throwable cause,
      boolean retryable,
      int httpStatus) {
    super(message, cause);
    this.key = key;
    this.retryable = retryable;
    this.httpStatus = httpStatus;
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
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * The HTTP status a service usually maps this outcome to.
   *
   * @return an HTTP status code
   */
  public int httpStatus() {
    return httpStatus;
  }
}
