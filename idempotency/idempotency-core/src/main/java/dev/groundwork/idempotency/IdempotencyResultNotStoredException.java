package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The operation ran, but its result was not stored: the operation returned null, the codec could
 * not encode the result (the cause is then an {@link IdempotencyCodecException}), or the store
 * failed on every complete within the retry budget (the cause is the store's first failure, later
 * ones suppressed). The key stays in progress until its lease ends; until then retries are answered
 * {@link IdempotencyInProgressException}, and after it a retry takes the key over and runs the
 * operation again. This is the "crash between processing and storing" gap of Foundations §8, made
 * visible; the JDBC store's transactional form closes it.
 *
 * <p>Recovery: the effect of the operation happened. Reconcile it with its downstream system (look
 * the payment up by the key, for example) rather than running it again; if a retry must come, it
 * comes after the lease.
 */
public class IdempotencyResultNotStoredException extends IdempotencyStoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param key the key involved
   * @param retryable whether the store said its failure is passing
   * @param message what happened and what to do
   * @param cause the store's failure
   */
  public IdempotencyResultNotStoredException(
      String key, boolean retryable, String message, @Nullable Throwable cause) {
    super(key, retryable, message, cause);
  }
}
