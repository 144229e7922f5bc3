package dev.groundwork.consistency;

import java.util.ArrayList;
import java.util.List;

/** The causally maximal versions of a key: the one rule replicas and readers merge by. */
public final class Siblings {

  private Siblings() {}

  /**
   * Adds a version to a set of maximal versions.
   *
   * @param current pairwise concurrent versions
   * @param version a new version
   * @param <V> the value type
   * @return the maximal versions of both: {@code version} replaces those it descends from, and is
   *     dropped if one of them descends from or equals it
   */
  public static <V> List<Versioned<V>> add(List<Versioned<V>> current, Versioned<V> version) {
    List<Versioned<V>> out = new ArrayList<>(current.size() + 1);
    for (Versioned<V> existing : current) {
      Causality c = version.clock().compare(existing.clock());
      if (c == Causality.BEFORE || c == Causality.EQUAL) {
        return current; // already known, or superseded
      }
      if (c == Causality.CONCURRENT) {
        out.add(existing);
      }
    }
    out.add(version);
    return List.copyOf(out);
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
      for (Versioned<V> v : set) {
        out = add(out, v);
      }
    }
    return out;
  }

  /**
   * The clock that descends from every version given.
   *
   * @param versions the versions
   * @param <V> the value type
   * @return the merged clock
   */
  public static <V> VectorClock clockOf(List<Versioned<V>> versions) {
    VectorClock clock = VectorClock.empty();
    for (Versioned<V> v : versions) {
      clock = clock.merge(v.clock());
    }
    return clock;
  }
}
