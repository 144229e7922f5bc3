package dev.groundwork.idempotency;

import java.time.Duration;
import java.util.Objects;

/**
 * The same request (same key and fingerprint) is being run by another caller whose lease is live.
 * Nothing was run. HTTP 409 with a {@code Retry-After} header from {@link #retryAfter()}; retrying
 * later replays the result once the other caller finishes.
 */
public class IdempotencyInProgressException extends IdempotencyException {

  private static final long serialVersionUID = 1L;

  /** The time left on the holder's lease. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param key the key involved
   * @param retryAfter how long until the holder's lease ends, by the store's clock; at least one
   *     second, since HTTP's {@code Retry-After} counts whole seconds
   * @param message what happened and what to do
   */
  public IdempotencyInProgressException(String key, Duration retryAfter, String message) {
    super(key, message, null, true, 409);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * A hint for when to retry: the time left on the holder's lease.
   *
   * @return a positive duration
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * The hint in whole seconds, rounded up, for an HTTP {@code Retry-After} header.
   *
   * @return at least 1
   */
  public long retryAfterSeconds() {
    long seconds = retryAfter.toSeconds();
    return Math.max(1, retryAfter.minusSeconds(seconds).isZero() ? seconds : seconds + 1);
  }
}
