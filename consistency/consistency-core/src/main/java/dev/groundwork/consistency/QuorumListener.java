package dev.groundwork.consistency;

/**
 * Receives {@link QuorumEvent}s, on whichever thread completes the operation. Keep it quick; an
 * exception it throws is reported through {@link System.Logger} and otherwise ignored.
 */
@FunctionalInterface
public interface QuorumListener {

  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void onEvent(QuorumEvent event);
}
