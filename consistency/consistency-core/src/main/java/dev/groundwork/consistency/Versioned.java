package dev.groundwork.consistency;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value with its version: the vector clock that orders it causally and, where last-write-wins is
 * used, a hybrid logical clock timestamp. A deletion is a version too (a tombstone, with no value),
 * so that a replica that missed the delete cannot bring the value back.
 *
 * @param value the value, or null for a tombstone
 * @param clock the causal version
 * @param timestamp the write's HLC timestamp, or null when not recorded
 * @param <V> the value type
 */
public record Versioned<V>(@Nullable V value, VectorClock clock, @Nullable HlcTimestamp timestamp) {

  /**
   * Checks the clock is given.
   *
   * @param value the value or null
   * @param clock the clock
   * @param timestamp the timestamp or null
   */
  public Versioned {
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * A value with a causal version.
   *
   * @param value the value
   * @param clock the clock
   * @param <V> the value type
   * @return the version
   */
  public static <V> Versioned<V> of(V value, VectorClock clock) {
    return new Versioned<>(Objects.requireNonNull(value, "value"), clock, null);
  }

  /**
   * A deletion.
   *
   * @param clock the deletion's clock
   * @param timestamp its timestamp, or null
   * @param <V> the value type
   * @return the tombstone
   */
  public static <V> Versioned<V> tombstone(VectorClock clock, @Nullable HlcTimestamp timestamp) {
    return new Versioned<>(null, clock, timestamp);
  }

  /**
   * Whether this version deletes the key.
   *
   * @return true for a tombstone
   */
  public boolean isTombstone() {
    return value == null;
  }
}
