package dev.groundwork.consistency;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A vector clock: one counter per replica (or writer) that has coordinated a write. Comparing two
 * clocks tells whether one version causally follows the other or whether they are concurrent
 * siblings (Foundations §7). Immutable; absent entries count as zero.
 */
public final class VectorClock {

  private static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

  private final SortedMap<String, Long> counters;

  private VectorClock(SortedMap<String, Long> counters) {
    this.counters = counters;
  }

  /**
   * The clock of a key never written.
   *
   * @return the empty clock
   */
  public static VectorClock empty() {
    return EMPTY;
  }

  /**
   * A clock with given counters.
   *
   * @param counters node id to counter; ids non-blank, counters at least 1 (zeros are dropped)
   * @return the clock
   * @throws ConsistencyException if an id is blank or a counter negative
   */
  public static VectorClock of(Map<String, Long> counters) {
    TreeMap<String, Long> copy = new TreeMap<>();
    counters.forEach(
        (node, counter) -> {
          requireNode(node);
          if (counter == null || counter < 0) {
            throw new ConsistencyException(
                "vector clock counter for '" + node + "' must be at least 0, got " + counter);
          }
          if (counter > 0) {
            copy.put(node, counter);
          }
        });
    return copy.isEmpty() ? EMPTY : new VectorClock(copy);
  }

  /**
   * This clock with one node's counter advanced: the clock of a new write coordinated by it.
   *
   * @param node the coordinating node's id
   * @return a new clock
   * @throws ConsistencyException if the id is blank
   */
  public VectorClock increment(String node) {
    requireNode(node);
    TreeMap<String, Long> next = new TreeMap<>(counters);
    next.merge(node, 1L, (a, b) -> Math.addExact(a, b));
    return new VectorClock(next);
  }

  /**
   * The least clock that both this and {@code other} happened before or equal: the pointwise
   * maximum. A write with the merged clock supersedes both.
   *
   * @param other another clock
   * @return the merged clock
   */
  public VectorClock merge(VectorClock other) {
    if (other.counters.isEmpty()) {
      return this;
    }
    if (counters.isEmpty()) {
      return other;
    }
    TreeMap<String, Long> next = new TreeMap<>(counters);
    other.counters.forEach((node, counter) -> next.merge(node, counter, Math::max));
    return new VectorClock(next);
  }

  /**
   * How this clock relates to another.
   *
   * @param other another clock
   * @return BEFORE, AFTER, EQUAL or CONCURRENT
   */
  public Causality compare(VectorClock other) {
    boolean less = false;
    boolean greater = false;
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      long theirs = other.counter(e.getKey());
      if (e.getValue() < theirs) {
        less = true;
      } else if (e.getValue() > theirs) {
        greater = true;
      }
    }
    for (Map.Entry<String, Long> e : other.counters.entrySet()) {
      if (!counters.containsKey(e.getKey())) {
        less = true; // theirs > 0 = ours
      }
    }
    if (less && greater) {
      return Causality.CONCURRENT;
    }
    return less ? Causality.BEFORE : greater ? Causality.AFTER : Causality.EQUAL;
  }

  /**
   * Whether this clock supersedes or equals another.
   *
   * @param other another clock
   * @return true when {@code other} happened before this or is equal to it
   */
  public boolean descendsFrom(VectorClock other) {
    Causality c = compare(other);
    return c == Causality.AFTER || c == Causality.EQUAL;
  }

  /**
   * One node's counter.
   *
   * @param node the node's id
   * @return the counter, 0 when absent
   */
  public long counter(String node) {
    Long c = counters.get(node);
    return c == null ? 0 : c;
  }

  /**
   * The counters.
   *
   * @return an unmodifiable map from node id to counter, sorted by id, without zeros
   */
  public Map<String, Long> counters() {
    return Collections.unmodifiableMap(counters);
  }

  private static void requireNode(@Nullable String node) {
    if (node == null || node.isBlank()) {
      throw new ConsistencyException("a vector clock node id must not be blank");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorClock v && counters.equals(v.counters);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(counters);
  }

  @Override
  public String toString() {
    return counters.toString();
  }
}
