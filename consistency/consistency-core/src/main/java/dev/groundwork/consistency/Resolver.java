package dev.groundwork.consistency;

import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Turns concurrent siblings into one version whose history covers all of them, so that writing it
 * back supersedes them (Foundations §7: conflict resolution). Choose one explicitly: there is no
 * silent last-write-wins.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface Resolver<V> {

  /**
   * Resolves siblings.
   *
   * @param siblings at least one version, pairwise concurrent
   * @return one version: the dot of one sibling, and a context holding every sibling's context and
   *     the other siblings' dots
   * @throws ConsistencyArgumentException if the siblings cannot be resolved by this resolver
   */
  Versioned<V> resolve(List<Versioned<V>> siblings);

  /**
   * Merges sibling values with a function (for example a set union, or a sum of counters). Siblings
   * that are tombstones are left out; if all are, the result is a tombstone.
   *
   * @param merge an associative, commutative merge of two values
   * @param <V> the value type
   * @return the resolver
   */
  static <V> Resolver<V> merging(BinaryOperator<V> merge) {
    Objects.requireNonNull(merge, "merge");
    return siblings -> {
      requireSiblings(siblings);
      @Nullable V value = null;
      @Nullable HlcTimestamp latest = null;
      for (Versioned<V> s : siblings) {
        V v = s.value();
        if (v != null) {
          value = value == null ? v : merge.apply(value, v);
        }
        latest = later(latest, s.timestamp());
      }
      return covering(siblings, siblings.get(0), value, latest);
    };
  }

  /**
   * Keeps the sibling with the latest hybrid logical clock timestamp; the others are discarded.
   * Every sibling must carry a timestamp.
   *
   * @param <V> the value type
   * @return the resolver
   */
  static <V> Resolver<V> lastWriteWins() {
    return siblings -> {
      requireSiblings(siblings);
      Versioned<V> winner = null;
      for (Versioned<V> s : siblings) {
        HlcTimestamp t = s.timestamp();
        if (t == null) {
          throw new ConsistencyArgumentException(
              "last-write-wins needs an HLC timestamp on every version; write with timestamps or"
                  + " choose another resolver");
        }
        HlcTimestamp best = winner == null ? null : winner.timestamp();
        if (best == null || t.compareTo(best) > 0) {
          winner = s;
        }
      }
      Versioned<V> w = Objects.requireNonNull(winner);
      return covering(siblings, w, w.value(), w.timestamp());
    };
  }

  /**
   * Merges CRDT siblings with their own merge, which never loses an update.
   *
   * @param <V> a CRDT type
   * @return the resolver
   */
  static <V extends Crdt<V>> Resolver<V> crdt() {
    return merging(Crdt::merge);
  }

  /** A version in the place of {@code chosen} whose history is that of all the siblings. */
  private static <V> Versioned<V> covering(
      List<Versioned<V>> siblings,
      Versioned<V> chosen,
      @Nullable V value,
      @Nullable HlcTimestamp timestamp) {
    VectorClock context = VectorClock.empty();
    for (Versioned<V> s : siblings) {
      context = context.merge(s.dot().equals(chosen.dot()) ? s.context() : s.history());
    }
    return new Versioned<>(value, chosen.dot(), context, timestamp);
  }

  private static void requireSiblings(List<?> siblings) {
    if (siblings.isEmpty()) {
      throw new ConsistencyArgumentException("there is nothing to resolve: no sibling was given");
    }
  }

  private static @Nullable HlcTimestamp later(@Nullable HlcTimestamp a, @Nullable HlcTimestamp b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }
}
