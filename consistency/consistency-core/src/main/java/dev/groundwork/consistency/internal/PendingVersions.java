package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.Siblings;
import dev.groundwork.consistency.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * This client's writes that a replica has not yet acknowledged, per key and replica, and the dots
 * they are issued with.
 *
 * <p>One rule makes reads sound: a replica is only ever given one of this writer's dots together
 * with the writer's earlier versions of the key that it has not acknowledged. A reader who sees the
 * writer's n-th dot on a replica has therefore seen, or seen superseded, every earlier dot of the
 * writer on that key, and may fold them into one counter ({@link Siblings#contextOf}). Issuing a
 * dot and recording its version for every target happen in one atomic step per key, so two threads
 * writing one key cannot give a replica the later dot alone.
 *
 * <p>The versions waiting for a replica whose send failed or went unanswered are its hints: they
 * are replayed, and they ride along with the next write of the same key to that replica.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PendingVersions<K, V> {

  /**
   * A version just issued and, per target replica, the batch to send it in.
   *
   * @param version the new version
   * @param batches per replica id, the new version with the earlier unacknowledged ones
   * @param <V> the value type
   */
  record Issued<V>(Versioned<V> version, Map<String, List<Versioned<V>>> batches) {}

  private final String writer;
  private final AtomicLong counter = new AtomicLong();
  private final ConcurrentHashMap<K, Map<String, List<Versioned<V>>>> byKey =
      new ConcurrentHashMap<>();

  /** Per replica id, the keys with versions that a send did not deliver. */
  private final Map<String, Set<K>> hinted = new ConcurrentHashMap<>();

  /**
   * Creates the store.
   *
   * @param writer the dot node id of this client incarnation
   * @param replicaIds every replica and stand-in id
   */
  PendingVersions(String writer, List<String> replicaIds) {
    this.writer = writer;
    for (String id : replicaIds) {
      hinted.put(id, ConcurrentHashMap.newKeySet());
    }
  }

  String writer() {
    return writer;
  }

  /**
   * Issues a new dot for a write of {@code key} and records the version for every replica it is
   * sent to or held for.
   *
   * @param key the key
   * @param make the version for the dot
   * @param sendTo the replicas the write is sent to now
   * @param holdFor the replicas it is held for as a hint, not sent now
   * @return the version and the batch per replica in {@code sendTo}
   */
  Issued<V> issue(
      K key, Function<Dot, Versioned<V>> make, List<String> sendTo, List<String> holdFor) {
    Map<String, List<Versioned<V>>> batches = new HashMap<>();
    List<Versioned<V>> made = new ArrayList<>(1);
    byKey.compute(
        key,
        (k, current) -> {
          Map<String, List<Versioned<V>>> next = current == null ? new HashMap<>() : current;
          Versioned<V> version = make.apply(new Dot(writer, counter.incrementAndGet()));
          made.add(version);
          for (String id : sendTo) {
            List<Versioned<V>> list = Siblings.add(next.getOrDefault(id, List.of()), version);
            next.put(id, list);
            batches.put(id, list);
          }
          for (String id : holdFor) {
            next.put(id, Siblings.add(next.getOrDefault(id, List.of()), version));
          }
          return next;
        });
    for (String id : holdFor) {
      hintedKeys(id).add(key);
    }
    return new Issued<>(made.get(0), batches);
  }

  /** Records that a replica acknowledged a batch: those versions no longer wait for it. */
  void settle(String replicaId, K key, List<Versioned<V>> delivered) {
    byKey.computeIfPresent(
        key,
        (k, current) -> {
          List<Versioned<V>> waiting = current.get(replicaId);
          if (waiting != null) {
            List<Versioned<V>> rest = new ArrayList<>(waiting);
            rest.removeAll(delivered);
            if (rest.isEmpty()) {
              current.remove(replicaId);
              hintedKeys(replicaId).remove(key);
            } else {
              current.put(replicaId, List.copyOf(rest));
            }
          }
          return current.isEmpty() ? null : current;
        });
  }

  /** Records that a send to a replica did not deliver: the key's versions are hints for it. */
  void undelivered(String replicaId, K key) {
    byKey.computeIfPresent(
        key,
        (k, current) -> {
          if (current.containsKey(replicaId)) {
            hintedKeys(replicaId).add(key);
          }
          return current;
        });
  }

  /** What waits for a replica on a key, empty when nothing. */
  List<Versioned<V>> waiting(String replicaId, K key) {
    List<List<Versioned<V>>> out = new ArrayList<>(1);
    byKey.computeIfPresent( // read under the key's lock: the inner map is not thread-safe
        key,
        (k, current) -> {
          out.add(current.getOrDefault(replicaId, List.of()));
          return current;
        });
    return out.isEmpty() ? List.of() : out.get(0);
  }

  boolean hasHints(String replicaId) {
    return !hintedKeys(replicaId).isEmpty();
  }

  List<K> hintedKeysOf(String replicaId) {
    return new ArrayList<>(hintedKeys(replicaId));
  }

  int hintCount(String replicaId) {
    int count = 0;
    for (K key : hintedKeys(replicaId)) {
      count += waiting(replicaId, key).size();
    }
    return count;
  }

  private Set<K> hintedKeys(String replicaId) {
    Set<K> keys = hinted.get(replicaId);
    if (keys == null) {
      throw new dev.groundwork.consistency.ConsistencyArgumentException(
          "no replica has the id '" + replicaId + "'");
    }
    return keys;
  }
}
