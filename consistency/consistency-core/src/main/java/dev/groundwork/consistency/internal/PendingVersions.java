package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.Siblings;
import dev.groundwork.consistency.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * are replayed, and they ride along with the next write of the same key to that replica. Hints are
 * bounded in number of keys per replica and in age. Dropping one breaks the rule above for that key
 * and replica (a later dot would reach the replica without the dropped ones), so a drop moves the
 * client to a new writer id under the key's lock: every later dot is one that replica never missed
 * a predecessor of.
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

  /** Why a hint was dropped, for the event. */
  interface Drops<K> {
    void dropped(K key, String replicaId, String reason);
  }

  /** A key hinted for a replica: since when, and the weight of what waits. */
  private record Hint(long since, long bytes) {}

  private final java.util.function.Supplier<String> newWriter;
  private volatile String writer;
  private final AtomicLong counter = new AtomicLong();
  private final java.util.function.LongSupplier nanoTime;
  private final int maxKeysPerReplica;
  private final long maxBytesPerReplica;
  private final java.util.function.ToLongFunction<Versioned<V>> weigher;
  private final Drops<K> drops;
  private final ConcurrentHashMap<K, Map<String, List<Versioned<V>>>> byKey =
      new ConcurrentHashMap<>();

  /**
   * Per replica id, the keys with versions that a send did not deliver. Changed only under the
   * key's lock in {@link #byKey}, so an entry always matches the versions waiting.
   */
  private final Map<String, ConcurrentHashMap<K, Hint>> hinted = new ConcurrentHashMap<>();

  /** Per replica id, the total weight of its hints. */
  private final Map<String, AtomicLong> hintedBytes = new ConcurrentHashMap<>();

  /**
   * Creates the store.
   *
   * @param newWriter makes a writer id no one has used: the first one, and one after each drop
   * @param replicaIds every replica and stand-in id
   * @param nanoTime the monotonic clock hints are aged by
   * @param maxKeysPerReplica how many keys may be hinted for one replica
   * @param maxBytesPerReplica how much hinted versions of one replica may weigh
   * @param weigher the weight of one version
   * @param drops told of each dropped hint
   */
  PendingVersions(
      java.util.function.Supplier<String> newWriter,
      List<String> replicaIds,
      java.util.function.LongSupplier nanoTime,
      int maxKeysPerReplica,
      long maxBytesPerReplica,
      java.util.function.ToLongFunction<Versioned<V>> weigher,
      Drops<K> drops) {
    this.newWriter = newWriter;
    this.writer = newWriter.get();
    this.nanoTime = nanoTime;
    this.maxKeysPerReplica = maxKeysPerReplica;
    this.maxBytesPerReplica = maxBytesPerReplica;
    this.weigher = weigher;
    this.drops = drops;
    for (String id : replicaIds) {
      hinted.put(id, new ConcurrentHashMap<>());
      hintedBytes.put(id, new AtomicLong());
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
    Map<String, String> dropped = new HashMap<>();
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
            account(next, id, k, false, dropped);
          }
          for (String id : holdFor) {
            next.put(id, Siblings.add(next.getOrDefault(id, List.of()), version));
            account(next, id, k, true, dropped);
          }
          return next.isEmpty() ? null : next;
        });
    dropped.forEach((id, reason) -> drops.dropped(key, id, reason));
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
            } else {
              current.put(replicaId, List.copyOf(rest));
            }
            account(current, replicaId, k, false, new HashMap<>());
          }
          return current.isEmpty() ? null : current;
        });
  }

  /** Records that a send to a replica did not deliver: the key's versions are hints for it. */
  void undelivered(String replicaId, K key) {
    Map<String, String> dropped = new HashMap<>();
    byKey.computeIfPresent(
        key,
        (k, current) -> {
          account(current, replicaId, k, true, dropped);
          return current.isEmpty() ? null : current;
        });
    dropped.forEach((id, reason) -> drops.dropped(key, id, reason));
  }

  /**
   * Brings the replica's hint entry for the key in line with what waits for it, under the key's
   * lock: removed when nothing waits, re-weighed when it is hinted, and added when {@code hint}
   * asks for it. A key that would take the replica past a bound is dropped instead.
   */
  private void account(
      Map<String, List<Versioned<V>>> current,
      String replicaId,
      K key,
      boolean hint,
      Map<String, String> dropped) {
    ConcurrentHashMap<K, Hint> keys = hintedKeys(replicaId);
    AtomicLong bytes = java.util.Objects.requireNonNull(hintedBytes.get(replicaId));
    List<Versioned<V>> waiting = current.get(replicaId);
    Hint old = keys.get(key);
    if (waiting == null || waiting.isEmpty()) {
      if (old != null) {
        keys.remove(key);
        bytes.addAndGet(-old.bytes());
      }
      return;
    }
    if (old == null && !hint) {
      return; // in flight, not a hint
    }
    long weight = 0;
    for (Versioned<V> version : waiting) {
      weight += weigher.applyAsLong(version);
    }
    long before = old == null ? 0 : old.bytes();
    String over = null;
    if (old == null && keys.size() >= maxKeysPerReplica) {
      over = "the replica's bound of " + maxKeysPerReplica + " hinted keys";
    } else if (bytes.get() - before + weight > maxBytesPerReplica) {
      over = "the replica's bound of " + maxBytesPerReplica + " hinted bytes";
    }
    if (over != null) {
      dropIn(current, replicaId, key);
      dropped.put(replicaId, over);
      return;
    }
    keys.put(key, new Hint(old == null ? nanoTime.getAsLong() : old.since(), weight));
    bytes.addAndGet(weight - before);
  }

  /**
   * Drops the hints for a replica first missed before {@code cutoff}.
   *
   * @param replicaId the replica
   * @param cutoff a time on the monotonic clock
   * @param reason for the event
   * @return how many keys were dropped
   */
  int dropHintedBefore(String replicaId, long cutoff, String reason) {
    int dropped = 0;
    for (Map.Entry<K, Hint> e : hintedKeys(replicaId).entrySet()) {
      if (e.getValue().since() - cutoff < 0) {
        byKey.computeIfPresent(
            e.getKey(),
            (k, current) -> {
              dropIn(current, replicaId, k);
              return current.isEmpty() ? null : current;
            });
        drops.dropped(e.getKey(), replicaId, reason);
        dropped++;
      }
    }
    return dropped;
  }

  /** Under the key's lock: forgets what waits for the replica and retires the writer id. */
  private void dropIn(Map<String, List<Versioned<V>>> current, String replicaId, K key) {
    current.remove(replicaId);
    Hint old = hintedKeys(replicaId).remove(key);
    if (old != null) {
      java.util.Objects.requireNonNull(hintedBytes.get(replicaId)).addAndGet(-old.bytes());
    }
    writer = newWriter.get(); // no later dot of the old id can reach this replica
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
    return new ArrayList<>(hintedKeys(replicaId).keySet());
  }

  int hintCount(String replicaId) {
    int count = 0;
    for (K key : hintedKeys(replicaId).keySet()) {
      count += waiting(replicaId, key).size();
    }
    return count;
  }

  private ConcurrentHashMap<K, Hint> hintedKeys(String replicaId) {
    ConcurrentHashMap<K, Hint> keys = hinted.get(replicaId);
    if (keys == null) {
      throw new dev.groundwork.consistency.ConsistencyArgumentException(
          "no replica has the id '" + replicaId + "'");
    }
    return keys;
  }
}
