package dev.groundwork.consistency;

import java.util.Objects;

/**
 * A last-write-wins register: the value with the latest hybrid logical clock timestamp. Concurrent
 * writes lose all but one value, by design; use it where that is acceptable (a profile picture, a
 * setting), and an {@link ORSet} or a merge function where it is not.
 *
 * @param value the value
 * @param timestamp when it was written
 * @param <V> the value type
 */
public record LwwRegister<V>(V value, HlcTimestamp timestamp) implements Crdt<LwwRegister<V>> {

  /**
   * Checks both parts are given.
   *
   * @param value the value
   * @param timestamp the timestamp
   */
  public LwwRegister {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConsistencyArgumentException if the two hold different values under the same timestamp,
   *     which no {@link HybridLogicalClock} produces (its timestamps carry the node and never
   *     repeat)
   */
  @Override
  public LwwRegister<V> merge(LwwRegister<V> other) {
    int order = timestamp.compareTo(other.timestamp);
    if (order == 0 && !value.equals(other.value)) {
      throw new ConsistencyArgumentException(
          "two different values share the timestamp "
              + timestamp
              + "; take timestamps from a"
              + " HybridLogicalClock");
    }
    return order >= 0 ? this : other;
  }
}
