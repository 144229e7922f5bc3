package dev.groundwork.consistency;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An observed-remove set with add-wins semantics: each add is tagged uniquely; a remove removes the
 * tags it has observed, so an add concurrent with a remove survives it, and no acknowledged add is
 * lost by a merge. Immutable.
 *
 * @param <E> the element type
 */
public final class ORSet<E> implements Crdt<ORSet<E>> {

  /**
   * A unique tag of one add.
   *
   * @param node the adding node
   * @param counter that node's count of adds, as far as the adding state knew
   * @param unique a random 64-bit number drawn for this add: two adds from the same state, by two
   *     threads or two processes with one node id, still get distinct tags
   */
  public record Tag(String node, long counter, long unique) {}

  private static final java.security.SecureRandom TAGS = new java.security.SecureRandom();

  private final Map<E, Set<Tag>> adds;
  private final Set<Tag> removed;

  private ORSet(Map<E, Set<Tag>> adds, Set<Tag> removed) {
    this.adds = adds;
    this.removed = removed;
  }

  /**
   * An empty set.
   *
   * @param <E> the element type
   * @return the set
   */
  public static <E> ORSet<E> empty() {
    return new ORSet<>(Map.of(), Set.of());
  }

  /**
   * This set with an element added by a node.
   *
   * @param node the adding node's id
   * @param element the element
   * @return a new set
   */
  public ORSet<E> add(String node, E element) {
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("a set node id must not be blank");
    }
    Objects.requireNonNull(element, "element");
    // The counter orders a node's adds for readers; the random part is what makes the tag unique,
    // since two adds from one state would otherwise get the same counter.
    long next = 0;
    for (Set<Tag> tags : adds.values()) {
      for (Tag t : tags) {
        if (t.node().equals(node)) {
          next = Math.max(next, t.counter());
        }
      }
    }
    Map<E, Set<Tag>> nextAdds = copy(adds);
    nextAdds
        .computeIfAbsent(element, e -> new HashSet<>())
        .add(new Tag(node, next + 1, TAGS.nextLong()));
    return new ORSet<>(freeze(nextAdds), removed);
  }

  /**
   * This set with an element removed: the adds observed here are removed; concurrent ones are not.
   *
   * @param element the element
   * @return a new set
   */
  public ORSet<E> remove(E element) {
    Set<Tag> tags = adds.get(element);
    if (tags == null) {
      return this;
    }
    Set<Tag> nextRemoved = new HashSet<>(removed);
    nextRemoved.addAll(tags);
    return new ORSet<>(adds, Set.copyOf(nextRemoved));
  }

  /**
   * Whether an element is in the set.
   *
   * @param element the element
   * @return true when some add of it has not been removed
   */
  public boolean contains(E element) {
    Set<Tag> tags = adds.get(element);
    if (tags == null) {
      return false;
    }
    for (Tag t : tags) {
      if (!removed.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The elements.
   *
   * @return an unmodifiable set
   */
  public Set<E> elements() {
    Set<E> out = new HashSet<>();
    for (E e : adds.keySet()) {
      if (contains(e)) {
        out.add(e);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  @Override
  public ORSet<E> merge(ORSet<E> other) {
    Map<E, Set<Tag>> nextAdds = copy(adds);
    other.adds.forEach((e, tags) -> nextAdds.computeIfAbsent(e, x -> new HashSet<>()).addAll(tags));
    Set<Tag> nextRemoved = new HashSet<>(removed);
    nextRemoved.addAll(other.removed);
    return new ORSet<>(freeze(nextAdds), Set.copyOf(nextRemoved));
  }

  private static <E> Map<E, Set<Tag>> copy(Map<E, Set<Tag>> adds) {
    Map<E, Set<Tag>> out = new HashMap<>();
    adds.forEach((e, tags) -> out.put(e, new HashSet<>(tags)));
    return out;
  }

  private static <E> Map<E, Set<Tag>> freeze(Map<E, Set<Tag>> adds) {
    Map<E, Set<Tag>> out = new HashMap<>();
    adds.forEach((e, tags) -> out.put(e, Set.copyOf(tags)));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ORSet<?> s && adds.equals(s.adds) && removed.equals(s.removed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(adds, removed);
  }

  @Override
  public String toString() {
    return "ORSet" + elements();
  }
}
