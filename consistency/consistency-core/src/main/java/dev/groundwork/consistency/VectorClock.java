package dev.groundwork.consistency;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A causal context: the set of writes (dots) a version or a reader has seen (Foundations §7). Most
 * of it is a vector clock, one counter per writer meaning "every dot of this writer up to here";
 * dots seen out of order are kept exactly beside it, so that a context never claims a write it did
 * not see. Comparing two contexts tells whether one causally follows the other or whether they are
 * concurrent. Immutable; absent entries count as zero.
 */
public final class VectorClock {

  private static final VectorClock EMPTY = new VectorClock(new TreeMap<>(), new TreeSet<>());

  private final SortedMap<String, Long> counters;

  /** Dots above their writer's counter, never contiguous with it (those are folded in). */
  private final SortedSet<Dot> dots;

  private VectorClock(SortedMap<String, Long> counters, SortedSet<Dot> dots) {
    this.counters = counters;
    this.dots = dots;
  }

  /**
   * The context of a key never read: it has seen nothing.
   *
   * @return the empty clock
   */
  public static VectorClock empty() {
    return EMPTY;
  }

  /**
   * A clock with given counters.
   *
   * @param counters node id to counter; ids non-blank, counters at least 0 (zeros are dropped)
   * @return the clock
   * @throws ConsistencyArgumentException if an id is blank or a counter negative
   */
  public static VectorClock of(Map<String, Long> counters) {
    return of(counters, Set.of());
  }

  /**
   * A clock with given counters and dots seen beyond them.
   *
   * @param counters node id to counter; ids non-blank, counters at least 0 (zeros are dropped)
   * @param dots single writes seen beyond the counters
   * @return the clock
   * @throws ConsistencyArgumentException if an id is blank or a counter negative
   */
  public static VectorClock of(Map<String, Long> counters, Collection<Dot> dots) {
    TreeMap<String, Long> copy = new TreeMap<>();
    counters.forEach(
        (node, counter) -> {
          requireNode(node);
          if (counter == null || counter < 0) {
            throw new ConsistencyArgumentException(
                "vector clock counter for '" + node + "' must be at least 0, got " + counter);
          }
          if (counter > 0) {
            copy.put(node, counter);
          }
        });
    return normalized(copy, new TreeSet<>(dots));
  }

  /** Drops dots the counters cover and folds in those that continue a counter. */
  private static VectorClock normalized(SortedMap<String, Long> counters, SortedSet<Dot> dots) {
    SortedSet<Dot> rest = new TreeSet<>();
    for (Dot d : dots) { // ascending per node, so a run of contiguous dots folds in one pass
      long c = counters.getOrDefault(d.node(), 0L);
      if (d.counter() == c + 1) {
        counters.put(d.node(), d.counter());
      } else if (d.counter() > c) {
        rest.add(d);
      }
    }
    return counters.isEmpty() && rest.isEmpty() ? EMPTY : new VectorClock(counters, rest);
  }

  /**
   * This clock with one node's counter advanced.
   *
   * @param node the node's id
   * @return a new clock
   * @throws ConsistencyArgumentException if the id is blank
   */
  public VectorClock increment(String node) {
    requireNode(node);
    return with(new Dot(node, counter(node) + 1));
  }

  /**
   * This context with one more write seen.
   *
   * @param dot the write
   * @return a new clock that contains the dot
   */
  public VectorClock with(Dot dot) {
    if (contains(dot)) {
      return this;
    }
    TreeSet<Dot> next = new TreeSet<>(dots);
    next.add(dot);
    return normalized(new TreeMap<>(counters), next);
  }

  /**
   * Whether this context has seen a write.
   *
   * @param dot the write
   * @return true when the dot is covered by its writer's counter or kept beside it
   */
  public boolean contains(Dot dot) {
    return counter(dot.node()) >= dot.counter() || dots.contains(dot);
  }

  /**
   * The union of two contexts: what either has seen. A write with the merged context supersedes
   * what both cover.
   *
   * @param other another clock
   * @return the merged clock
   */
  public VectorClock merge(VectorClock other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    TreeMap<String, Long> next = new TreeMap<>(counters);
    other.counters.forEach((node, counter) -> next.merge(node, counter, Math::max));
    TreeSet<Dot> nextDots = new TreeSet<>(dots);
    nextDots.addAll(other.dots);
    return normalized(next, nextDots);
  }

  /**
   * This context with every dot folded into its writer's counter: what a reader may assume after
   * reading replicas, each of which holds, for every writer, all of that writer's earlier dots of
   * the key or versions that cover them.
   *
   * @return a clock without separate dots
   */
  public VectorClock filled() {
    if (dots.isEmpty()) {
      return this;
    }
    TreeMap<String, Long> next = new TreeMap<>(counters);
    for (Dot d : dots) {
      next.merge(d.node(), d.counter(), Math::max);
    }
    return new VectorClock(next, new TreeSet<>());
  }

  /**
   * How this clock relates to another, as sets of writes seen.
   *
   * @param other another clock
   * @return BEFORE (a strict subset), AFTER (a strict superset), EQUAL or CONCURRENT
   */
  public Causality compare(VectorClock other) {
    boolean mine = other.covers(this);
    boolean theirs = covers(other);
    if (mine && theirs) {
      return Causality.EQUAL;
    }
    return mine ? Causality.BEFORE : theirs ? Causality.AFTER : Causality.CONCURRENT;
  }

  /** Whether every write {@code other} has seen, this has seen. */
  private boolean covers(VectorClock other) {
    for (Map.Entry<String, Long> e : other.counters.entrySet()) {
      long mine = counter(e.getKey());
      if (e.getValue() - mine > dots.size()) {
        return false; // more writes than this clock holds beside its counter
      }
      for (long c = e.getValue(); c > mine; c--) {
        if (!dots.contains(new Dot(e.getKey(), c))) {
          return false;
        }
      }
    }
    for (Dot d : other.dots) {
      if (!contains(d)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether this clock has seen everything another has.
   *
   * @param other another clock
   * @return true when {@code other} happened before this or is equal to it
   */
  public boolean descendsFrom(VectorClock other) {
    return covers(other);
  }

  /**
   * One node's counter: every dot of that node up to it has been seen.
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

  /**
   * The writes seen beyond the counters, out of order.
   *
   * @return an unmodifiable sorted set, usually empty
   */
  public SortedSet<Dot> dots() {
    return Collections.unmodifiableSortedSet(dots);
  }

  /**
   * Whether nothing has been seen.
   *
   * @return true for the empty clock
   */
  public boolean isEmpty() {
    return counters.isEmpty() && dots.isEmpty();
  }

  private static void requireNode(@Nullable String node) {
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("a vector clock node id must not be blank");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof VectorClock v && counters.equals(v.counters) && dots.equals(v.dots);
  }

  @Override
  public int hashCode() {
    return Objects.hash(counters, dots);
  }

  @Override
  public String toString() {
    return dots.isEmpty() ? counters.toString() : counters + "+" + dots;
  }
}
