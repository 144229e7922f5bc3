package dev.groundwork.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * The operation ran, but the store failed while its result was being stored. The key stays in
 * progress until its lease ends; until then retries are answered {@link
 * IdempotencyInProgressException}, and after it a retry takes the key over and runs the operation
 * again. This is the "crash between processing and storing" gap of Foundations §8, made visible;
 * the JDBC store's transactional form closes it.
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
