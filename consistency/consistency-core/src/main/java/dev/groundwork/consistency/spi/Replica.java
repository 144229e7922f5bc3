package dev.groundwork.consistency.spi;

import dev.groundwork.consistency.Versioned;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One replica of a key-value store, as the quorum client sees it: asynchronous, and versioned.
 *
 * <p>A replica keeps, per key, the causally maximal versions it has been given: a put whose clock
 * descends from stored versions replaces them; a put that a stored version descends from (or
 * equals) changes nothing; a put concurrent with the stored versions is kept beside them as a
 * sibling. Deletes are puts of tombstones. Puts are therefore idempotent and commutative, which is
 * what makes retries, hinted handoff and read repair safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Replica<K, V> {

  /**
   * The replica's id, unique in a cluster; it names the replica in every result and error.
   *
   * @return the id
   */
  String id();

  /**
   * Reads a key.
   *
   * @param key the key
   * @return a stage with the stored versions (empty when none), failing if the replica cannot
   *     answer
   */
  CompletionStage<List<Versioned<V>>> get(K key);

  /**
   * Stores a version under the rules above.
   *
   * @param key the key
   * @param version the version
   * @return a stage completing when the replica has stored it, failing if it cannot
   */
  CompletionStage<Void> put(K key, Versioned<V> version);
}
