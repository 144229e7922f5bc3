package dev.groundwork.idempotency;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides what happens to a key when its operation throws.
 *
 * <ul>
 *   <li>{@link #releaseKey()} (the default): every exception releases the key (owner-checked), so a
 *       retry runs the operation again. Right when a failed operation left no effect behind.
 *   <li>{@link #storeWhen(Predicate, Function)}: failures that are final, such as a declined card,
 *       are turned into a result that is stored and replayed like any other; the rest release.
 *   <li>{@link #storeEveryOutcome(Function)}: once execution began, every outcome is stored and
 *       replayed, failures included (the behaviour Stripe documents for its API). Right when a
 *       failure may have left effects behind and must not be retried blindly.
 * </ul>
 *
 * <p>{@link Error}s always release the key and propagate.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface FailurePolicy<T> {

  /**
   * The result to store for a failure, if the failure is to be stored.
   *
   * @param failure what the operation threw
   * @return the result to store and return (not a replay), or empty to release the key and rethrow
   */
  Optional<T> outcomeFor(Exception failure);

  /**
   * Release the key on every failure.
   *
   * @param <T> the result type
   * @return the policy
   */
  static <T> FailurePolicy<T> releaseKey() {
    return failure -> Optional.empty();
  }

  /**
   * Store the failures that the predicate calls terminal, as results the function makes; release on
   * the rest.
   *
   * @param terminal which failures are final
   * @param asResult turns a terminal failure into the result to store (for example a 402 response)
   * @param <T> the result type
   * @return the policy
   */
  static <T> FailurePolicy<T> storeWhen(
      Predicate<? super Exception> terminal, Function<? super Exception, ? extends T> asResult) {
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(asResult, "asResult");
    return failure ->
        terminal.test(failure) ? Optional.of(asResult.apply(failure)) : Optional.empty();
  }

  /**
   * Store every failure, as the function makes it a result.
   *
   * @param asResult turns any failure into the result to store (for example a 500 response)
   * @param <T> the result type
   * @return the policy
   */
  static <T> FailurePolicy<T> storeEveryOutcome(Function<? super Exception, ? extends T> asResult) {
    Objects.requireNonNull(asResult, "asResult");
    return failure -> Optional.of(asResult.apply(failure));
  }
}
