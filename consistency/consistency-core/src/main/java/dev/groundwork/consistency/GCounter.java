package dev.groundwork.consistency;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A grow-only counter: each node counts its own increments; the value is the sum; merging keeps
 * each node's highest count. Immutable.
 */
public final class GCounter implements Crdt<GCounter> {

  private static final GCounter ZERO = new GCounter(new TreeMap<>());

  private final SortedMap<String, Long> counts;

  private GCounter(SortedMap<String, Long> counts) {
    this.counts = counts;
  }

  /**
   * A counter at zero.
   *
   * @return the counter
   */
  public static GCounter zero() {
    return ZERO;
  }

  /**
   * This counter incremented by one node.
   *
   * @param node the incrementing node's id
   * @param amount at least 0
   * @return a new counter
   * @throws ConsistencyArgumentException if the amount is negative or the node blank
   */
  public GCounter increment(String node, long amount) {
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("a counter node id must not be blank");
    }
    if (amount < 0) {
      throw new ConsistencyArgumentException(
          "a grow-only counter cannot go down (got " + amount + "); use a PNCounter");
    }
    TreeMap<String, Long> next = new TreeMap<>(counts);
    next.merge(node, amount, Math::addExact);
    return new GCounter(next);
  }

  /**
   * The count.
   *
   * @return the sum over all nodes
   */
  public long value() {
    long sum = 0;
    for (long c : counts.values()) {
      sum = Math.addExact(sum, c);
    }
    return sum;
  }

  /**
   * Each node's count.
   *
   * @return an unmodifiable map
   */
  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public GCounter merge(GCounter other) {
    TreeMap<String, Long> next = new TreeMap<>(counts);
    other.counts.forEach((node, c) -> next.merge(node, c, Math::max));
    return new GCounter(next);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GCounter g && counts.equals(g.counts);
  }

  @Override
  public int hashCode() {
    return counts.hashCode();
  }

  @Override
  public String toString() {
    return "GCounter" + counts;
  }
}
