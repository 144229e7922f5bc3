package dev.groundwork.idempotency;

import java.time.Duration;

/**
 * Something an {@link Idempotency} executor did, for listeners (metrics, logs, audits). Each event
 * names the scoped key ({@code namespace:tenant:key}).
 */
public sealed interface IdempotencyEvent {

  /**
   * The key as the store sees it.
   *
   * @return {@code namespace:tenant:key}
   */
  String scopedKey();

  /**
   * The operation ran and its outcome was stored.
   *
   * @param scopedKey the key as the store sees it
   * @param fence the fencing counter it ran under
   * @param took how long the operation took
   * @param fromFailure true when the stored outcome came from a failure the failure policy stores
   */
  record Executed(String scopedKey, long fence, Duration took, boolean fromFailure)
      implements IdempotencyEvent {}

  /**
   * A stored result was replayed; the operation did not run.
   *
   * @param scopedKey the key as the store sees it
   */
  record Replayed(String scopedKey) implements IdempotencyEvent {}

  /**
   * The same request was refused because another caller holds the key under a live lease.
   *
   * @param scopedKey the key as the store sees it
   * @param retryAfter the time left on that lease
   */
  record InProgressConflict(String scopedKey, Duration retryAfter) implements IdempotencyEvent {}

  /**
   * A different request (fingerprint) was refused because the key was used before.
   *
   * @param scopedKey the key as the store sees it
   */
  record KeyReused(String scopedKey) implements IdempotencyEvent {}

  /**
   * An expired lease was taken over; the operation will run under the new fence.
   *
   * @param scopedKey the key as the store sees it
   * @param previousOwner the owner whose lease had ended
   * @param previousFence that owner's fencing counter
   * @param fence the new fencing counter
   */
  record LeaseTakenOver(String scopedKey, String previousOwner, long previousFence, long fence)
      implements IdempotencyEvent {}

  /**
   * An owner finished after its lease had been taken over; its result was discarded.
   *
   * @param scopedKey the key as the store sees it
   * @param owner the stale owner
   * @param fence its fencing counter
   */
  record StaleOwnerRejected(String scopedKey, String owner, long fence)
      implements IdempotencyEvent {}

  /**
   * The operation failed and the key was released so that a retry runs it again.
   *
   * @param scopedKey the key as the store sees it
   * @param failure the operation's failure
   * @param released false when the release itself failed (the key then stays in progress until its
   *     lease ends)
   */
  record Released(String scopedKey, Throwable failure, boolean released)
      implements IdempotencyEvent {}

  /**
   * The operation ran but its result was not stored: it could not be encoded, was null, or the
   * store failed on every attempt to complete within the retry budget. The key stays in progress
   * until its lease ends, so no retry runs the operation again before then.
   *
   * @param scopedKey the key as the store sees it
   * @param cause why the result was not stored
   * @param attempts how many completes were tried (0 when the result never reached the store)
   */
  record ResultNotStored(String scopedKey, Throwable cause, int attempts)
      implements IdempotencyEvent {}
}
