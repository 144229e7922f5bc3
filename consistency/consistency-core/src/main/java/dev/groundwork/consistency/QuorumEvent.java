package dev.groundwork.consistency;

import java.util.Set;

/** Something a {@link QuorumClient} did, for listeners (metrics, logs). */
public sealed interface QuorumEvent {

  /**
   * The client was built with W ≤ N/2: two writes can succeed on disjoint replicas.
   *
   * @param n the replication factor
   * @param w the write quorum
   */
  record WeakWriteQuorum(int n, int w) implements QuorumEvent {}

  /**
   * A read completed.
   *
   * @param key the key
   * @param answered the replicas whose replies formed the result
   * @param siblings how many siblings it returned
   * @param possiblyStale whether it was an AP read without its quorum
   */
  record ReadCompleted(Object key, Set<String> answered, int siblings, boolean possiblyStale)
      implements QuorumEvent {}

  /**
   * A write completed.
   *
   * @param key the key
   * @param outcome the outcome
   * @param acked the replicas that acknowledged it
   */
  record WriteCompleted(Object key, WriteOutcome outcome, Set<String> acked)
      implements QuorumEvent {}

  /**
   * Read repair sent newer versions to stale replicas.
   *
   * @param key the key
   * @param replicas the replicas repaired
   */
  record Repaired(Object key, Set<String> replicas) implements QuorumEvent {}

  /**
   * A hedged read asked one more replica.
   *
   * @param key the key
   * @param replica the replica asked
   */
  record Hedged(Object key, String replica) implements QuorumEvent {}

  /**
   * A replica missed a write and got a hint.
   *
   * @param key the key
   * @param replica the replica
   */
  record HintStored(Object key, String replica) implements QuorumEvent {}

  /**
   * A hint was dropped: the replica will not get this key's missed versions from this client.
   *
   * @param key the key
   * @param replica the replica the hint was for
   * @param reason why: the window passed, or the replica's hint bound was reached
   */
  record HintDropped(Object key, String replica, String reason) implements QuorumEvent {}
}
