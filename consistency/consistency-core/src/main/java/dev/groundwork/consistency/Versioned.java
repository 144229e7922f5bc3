package dev.groundwork.consistency;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A value with its version, as a dotted version vector: the write's own unique {@link Dot}, the
 * causal context the writer had seen when it made the write, and, where last-write-wins is used, a
 * hybrid logical clock timestamp. A version supersedes exactly the versions whose dots its context
 * contains. A deletion is a version too (a tombstone, with no value), so that a replica that missed
 * the delete cannot bring the value back.
 *
 * @param value the value, or null for a tombstone
 * @param dot the write's identity
 * @param context what the writer had seen; never contains {@code dot}
 * @param timestamp the write's HLC timestamp, or null when not recorded
 * @param <V> the value type
 */
public record Versioned<V>(
    @Nullable V value, Dot dot, VectorClock context, @Nullable HlcTimestamp timestamp) {

  /**
   * Checks the parts.
   *
   * @param value the value or null
   * @param dot the dot
   * @param context the context
   * @param timestamp the timestamp or null
   * @throws ConsistencyArgumentException if the context already contains the dot
   */
  public Versioned {
    Objects.requireNonNull(dot, "dot");
    Objects.requireNonNull(context, "context");
    if (context.contains(dot)) {
      throw new ConsistencyArgumentException(
          "a version's context must not contain its own dot " + dot + "; got " + context);
    }
  }

  /**
   * A value with a dot and a context.
   *
   * @param value the value
   * @param dot the write's identity
   * @param context what the writer had seen
   * @param <V> the value type
   * @return the version
   */
  public static <V> Versioned<V> of(V value, Dot dot, VectorClock context) {
    return new Versioned<>(Objects.requireNonNull(value, "value"), dot, context, null);
  }

  /**
   * A deletion.
   *
   * @param dot the deletion's identity
   * @param context what the deleting writer had seen
   * @param timestamp its timestamp, or null
   * @param <V> the value type
   * @return the tombstone
   */
  public static <V> Versioned<V> tombstone(
      Dot dot, VectorClock context, @Nullable HlcTimestamp timestamp) {
    return new Versioned<>(null, dot, context, timestamp);
  }

  /**
   * Whether this version deletes the key.
   *
   * @return true for a tombstone
   */
  public boolean isTombstone() {
    return value == null;
  }

  /**
   * Everything this version has seen, itself included: its context with its dot. Passed as the
   * context of a later write, it supersedes this version and what it superseded, and nothing else.
   *
   * @return the exact history
   */
  public VectorClock history() {
    return context.with(dot);
  }

  /**
   * Whether this version makes {@code other} obsolete: the other's write is in this one's context.
   *
   * @param other another version of the same key
   * @return true when this version was written after seeing {@code other}
   */
  public boolean supersedes(Versioned<?> other) {
    return context.contains(other.dot);
  }
}
