package dev.groundwork.consistency.spi;

import dev.groundwork.consistency.Versioned;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One replica of a key-value store, as the quorum client sees it: asynchronous, and versioned.
 *
 * <p>A replica keeps, per key, the causally maximal versions it has been given, by the rule of
 * {@link dev.groundwork.consistency.Siblings}: a new version removes the stored versions whose dots
 * its context contains; it is dropped if a stored version's context contains its dot or a stored
 * version has the same dot; otherwise it is kept beside the others as a sibling. Deletes are puts
 * of tombstones. Puts are therefore idempotent and commutative, which is what makes retries, hinted
 * handoff and read repair safe.
 *
 * <p>A put carries several versions and must apply them as one atomic step: a reader must never see
 * some of them without the others. The client relies on it to give a replica a writer's dot only
 * together with that writer's earlier dots of the key the replica may lack.
 *
 * <p>A replica must keep what it acknowledged (a restart that loses acknowledged data breaks the
 * quorum arithmetic, as in every quorum system).
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
   * Stores versions under the rules above, all in one atomic step.
   *
   * @param key the key
   * @param versions one or more versions of the key
   * @return a stage completing when the replica has stored them, failing if it cannot (then it
   *     stored none of them)
   */
  CompletionStage<Void> put(K key, List<Versioned<V>> versions);

  /**
   * Checks, when a client is built, that this replica can store versions under a writer id (the
   * client's node id with an instance suffix of letters and digits, or a timestamp's node id), so
   * that an id it cannot encode fails at once instead of failing every write. The default accepts
   * every id.
   *
   * @param writerId the id
   * @throws dev.groundwork.consistency.ConsistencyArgumentException naming the id and what is
   *     allowed, if this replica cannot store it
   */
  default void checkWriterId(String writerId) {}
}
