package dev.groundwork.consistency;

import dev.groundwork.consistency.spi.Replica;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A replica in this JVM's memory, following the {@link Replica} rules: for tests, simulations and
 * as the reference other replicas are checked against. Thread-safe; answers at once.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class InMemoryReplica<K, V> implements Replica<K, V> {

  private final String id;
  private final ConcurrentMap<K, List<Versioned<V>>> data = new ConcurrentHashMap<>();

  /**
   * Creates an empty replica.
   *
   * @param id the replica's id
   * @throws ConsistencyArgumentException if the id is blank
   */
  public InMemoryReplica(String id) {
    if (id == null || id.isBlank()) {
      throw new ConsistencyArgumentException("a replica id must not be blank");
    }
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompletionStage<List<Versioned<V>>> get(K key) {
    Objects.requireNonNull(key, "key");
    return CompletableFuture.completedFuture(data.getOrDefault(key, List.of()));
  }

  @Override
  public CompletionStage<Void> put(K key, List<Versioned<V>> versions) {
    Objects.requireNonNull(key, "key");
    List<Versioned<V>> copy = List.copyOf(versions);
    data.compute(key, (k, current) -> Siblings.addAll(current == null ? List.of() : current, copy));
    return CompletableFuture.completedFuture(null);
  }

  /**
   * What the replica holds for a key, read directly (no quorum), for tests and tools.
   *
   * @param key the key
   * @return the stored versions
   */
  public List<Versioned<V>> stored(K key) {
    return data.getOrDefault(key, List.of());
  }

  @Override
  public String toString() {
    return "InMemoryReplica[" + id + ", " + data.size() + " keys]";
  }
}
