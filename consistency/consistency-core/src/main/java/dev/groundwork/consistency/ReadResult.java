package dev.groundwork.consistency;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a quorum read found.
 *
 * @param siblings the causally maximal versions among the replies (more than one: a conflict)
 * @param resolved the resolver's single version when a resolver is configured, else the only
 *     sibling when there is one, else empty
 * @param context the clock that descends from every sibling: pass it to a write to supersede them
 * @param answered the replicas whose replies formed the result
 * @param failures the replicas that failed, each with its cause
 * @param timedOut the replicas that had not answered when the result was formed
 * @param possiblyStale true when an AP read answered without its quorum
 * @param <V> the value type
 */
public record ReadResult<V>(
    List<Versioned<V>> siblings,
    Optional<Versioned<V>> resolved,
    VectorClock context,
    Set<String> answered,
    Map<String, Throwable> failures,
    Set<String> timedOut,
    boolean possiblyStale) {

  /**
   * Copies the collections.
   *
   * @param siblings the siblings
   * @param resolved the resolved version
   * @param context the context
   * @param answered replicas that answered
   * @param failures failed replicas and causes
   * @param timedOut silent replicas
   * @param possiblyStale whether the quorum was missed
   */
  public ReadResult {
    siblings = List.copyOf(siblings);
    answered = Set.copyOf(answered);
    failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
    timedOut = Set.copyOf(timedOut);
  }

  /**
   * The replicas that failed.
   *
   * @return replica ids
   */
  public Set<String> failed() {
    return failures.keySet();
  }

  /**
   * The value, when there is exactly one (resolved or unconflicted) and it is not a deletion.
   *
   * @return the value, or empty
   */
  public Optional<V> value() {
    return resolved.map(Versioned::value);
  }

  /**
   * Whether concurrent writes left several siblings.
   *
   * @return true when there is more than one
   */
  public boolean hasConflict() {
    return siblings.size() > 1;
  }
}
