package dev.groundwork.idempotency.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * A clock that reads the wall clock once and then moves with a monotonic counter: it tells the time
 * of day closely enough for expiry, and a step of the wall clock (a manual change, a virtual
 * machine resumed, a leap smear) neither ends a lease early nor extends one. Leases are durations,
 * and a duration must be measured on a clock that only moves forward at the rate time passes.
 */
public final class MonotonicClock implements InstantSource {

  private final Instant anchor;
  private final long anchorNanos;
  private final LongSupplier nanoTime;

  /**
   * A clock anchored on the wall clock now, moving with {@link System#nanoTime()}.
   *
   * @return the clock
   */
  public static MonotonicClock system() {
    return new MonotonicClock(InstantSource.system(), System::nanoTime);
  }

  /**
   * A clock anchored on {@code wall} now, moving with {@code nanoTime}.
   *
   * @param wall read once, for the anchor
   * @param nanoTime a monotonic counter in nanoseconds
   */
  public MonotonicClock(InstantSource wall, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.anchorNanos = nanoTime.getAsLong();
    this.anchor = wall.instant();
  }

  @Override
  public Instant instant() {
    return anchor.plusNanos(nanoTime.getAsLong() - anchorNanos);
  }

  @Override
  public String toString() {
    return "MonotonicClock[anchored at " + anchor + "]";
  }
}
