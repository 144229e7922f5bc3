package dev.groundwork.idempotency;

import java.util.Objects;

/**
 * The result of an idempotent execution: either fresh (the operation ran in this call) or a replay
 * of the result stored by an earlier call with the same key and request.
 *
 * @param value the result
 * @param replayed true when the value is a stored result replayed, not a fresh one; services mark
 *     such responses (for example with an {@code Idempotent-Replayed: true} header)
 * @param key the caller's key
 * @param <T> the result type
 */
public record IdempotentResult<T>(T value, boolean replayed, String key) {

  /**
   * Checks that no component is null.
   *
   * @param value the result
   * @param replayed whether it is a replay
   * @param key the caller's key
   */
  public IdempotentResult {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(key, "key");
  }
}
