package dev.groundwork.consistency;

/**
 * A conflict-free replicated data type: replicas update it independently and merge in any order,
 * any number of times, and agree. The merge is commutative, associative and idempotent.
 *
 * @param <T> the CRDT type itself
 */
public interface Crdt<T extends Crdt<T>> {

  /**
   * The state that includes every update of this one and of {@code other}.
   *
   * @param other another replica's state
   * @return the merged state
   */
  T merge(T other);
}
