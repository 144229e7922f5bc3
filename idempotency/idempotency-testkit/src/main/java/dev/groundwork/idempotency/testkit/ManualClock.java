package dev.groundwork.idempotency.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/** A clock that moves only when a test moves it. Thread-safe; never moves backwards. */
public final class ManualClock implements InstantSource {

  /** Where a new clock starts: a whole second, so stores that keep milliseconds lose nothing. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now;

  /** A clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at a given time.
   *
   * @param start the first reading
   */
  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Moves the clock forward.
   *
   * @param step how far; not negative
   * @return the new reading
   * @throws IllegalArgumentException if the step is negative
   */
  public synchronized Instant advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward, got " + step);
    }
    now = now.plus(step);
    return now;
  }

  @Override
  public String toString() {
    return "ManualClock[" + now + "]";
  }
}
