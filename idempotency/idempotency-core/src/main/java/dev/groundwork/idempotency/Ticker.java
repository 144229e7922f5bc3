package dev.groundwork.idempotency;

/**
 * A monotonic source of nanoseconds, for measuring how long operations take. Injectable so that
 * tests drive time by hand.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current reading.
   *
   * @return nanoseconds from an arbitrary origin; only differences mean anything
   */
  long read();

  /**
   * The JVM's monotonic clock.
   *
   * @return a ticker over {@link System#nanoTime()}
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
