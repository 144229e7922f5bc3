package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.Session;
import dev.groundwork.consistency.SessionGuaranteeException;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.WriteResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes and monotonic reads (Foundations §7): the session remembers, per key, the
 * context of everything it read and wrote, and accepts only reads that have seen all of it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ClientSession<K, V> implements Session<K, V> {

  private final DefaultQuorumClient<K, V> client;
  private final Map<K, VectorClock> seen = new ConcurrentHashMap<>();

  ClientSession(DefaultQuorumClient<K, V> client) {
    this.client = client;
  }

  @Override
  public ReadResult<V> read(K key) {
    return DefaultQuorumClient.join(readAsync(key));
  }

  @Override
  public WriteResult write(K key, V value) {
    return DefaultQuorumClient.join(writeAsync(key, value));
  }

  @Override
  public CompletionStage<ReadResult<V>> readAsync(K key) {
    VectorClock floor = seen.getOrDefault(key, VectorClock.empty());
    return client
        .readAsync(key)
        .thenCompose(
            first ->
                first.context().descendsFrom(floor)
                    ? CompletableFuture.completedFuture(first)
                    // The first replicas to answer are behind this session: ask every replica and
                    // stop at R answers that together have seen the session's writes.
                    : client.readAtLeast(key, floor))
        .thenApply(
            result -> {
              if (!result.context().descendsFrom(floor)) {
                throw new SessionGuaranteeException(
                    "no replica answered "
                        + key
                        + " with a version at least as new as this session's "
                        + floor
                        + "; retry",
                    client.r(),
                    result.answered(),
                    result.failures(),
                    result.timedOut());
              }
              seen.merge(key, result.context(), VectorClock::merge);
              return result;
            });
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(K key, V value) {
    VectorClock floor = seen.getOrDefault(key, VectorClock.empty());
    return client
        .writeAsync(key, value, floor)
        .thenApply(
            result -> {
              if (result.isSuccess()) {
                seen.merge(key, result.clock(), VectorClock::merge);
              }
              return result;
            });
  }
}
