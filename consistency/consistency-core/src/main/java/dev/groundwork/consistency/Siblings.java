package dev.groundwork.consistency;

import java.util.ArrayList;
import java.util.List;

/**
 * The causally maximal versions of a key: the one rule replicas, hints and readers merge by. A
 * version is dropped when a kept one {@linkplain Versioned#supersedes supersedes} it or has the
 * same dot; otherwise it is kept, and removes the kept versions it supersedes.
 */
public final class Siblings {

  private Siblings() {}

  /**
   * Adds a version to a set of maximal versions.
   *
   * @param current pairwise concurrent versions
   * @param version a new version
   * @param <V> the value type
   * @return the maximal versions of both: {@code version} replaces those it supersedes, and is
   *     dropped if one of them supersedes it or is the same write
   */
  public static <V> List<Versioned<V>> add(List<Versioned<V>> current, Versioned<V> version) {
    List<Versioned<V>> out = new ArrayList<>(current.size() + 1);
    for (Versioned<V> existing : current) {
      if (existing.dot().equals(version.dot()) || existing.supersedes(version)) {
        return current; // already known, or superseded
      }
      if (!version.supersedes(existing)) {
        out.add(existing);
      }
    }
    out.add(version);
    return List.copyOf(out);
  }

  /**
   * Adds several versions, in order, to a set of maximal versions.
   *
   * @param current pairwise concurrent versions
   * @param versions new versions
   * @param <V> the value type
   * @return the maximal versions of all
   */
  public static <V> List<Versioned<V>> addAll(
      List<Versioned<V>> current, List<Versioned<V>> versions) {
    List<Versioned<V>> out = current;
    for (Versioned<V> v : versions) {
      out = add(out, v);
    }
    return out;
  }

  /**
   * Merges several sets of versions into their maximal versions.
   *
   * @param sets sets of versions, for example one per replica
   * @param <V> the value type
   * @return the maximal versions
   */
  public static <V> List<Versioned<V>> merge(List<List<Versioned<V>>> sets) {
    List<Versioned<V>> out = List.of();
    for (List<Versioned<V>> set : sets) {
      out = addAll(out, set);
    }
    return out;
  }

  /**
   * The context a reader of these versions has: everything every one of them has seen, itself
   * included, with every writer's dots folded into its counter. The fold is sound because a replica
   * is only ever given a writer's dot together with that writer's earlier dots of the key it lacks
   * (or versions covering them), so a reader who saw a writer's dot has seen or superseded every
   * earlier one of that key.
   *
   * @param versions the versions read
   * @param <V> the value type
   * @return the context to write after them
   */
  public static <V> VectorClock contextOf(List<Versioned<V>> versions) {
    VectorClock clock = VectorClock.empty();
    for (Versioned<V> v : versions) {
      clock = clock.merge(v.history());
    }
    return clock.filled();
  }
}
