package dev.groundwork.idempotency;

/**
 * Receives {@link IdempotencyEvent}s, synchronously on the thread that caused them. Keep it quick;
 * an exception it throws is reported through {@link System.Logger} and otherwise ignored.
 */
@FunctionalInterface
public interface IdempotencyListener {

  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void onEvent(IdempotencyEvent event);
}
