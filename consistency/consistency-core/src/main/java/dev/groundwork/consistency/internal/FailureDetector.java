package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which replicas are believed down: one that refused a request is suspected until it answers again
 * or the suspicion period ends, and remembered with the failure that made it suspect. Every replica
 * call goes through {@link #call}, which also turns a replica's synchronous exception into a failed
 * stage.
 */
final class FailureDetector {

  private final ConcurrentHashMap<String, Throwable> suspected = new ConcurrentHashMap<>();
  private final Scheduler scheduler;
  private final Duration suspicion;

  FailureDetector(Scheduler scheduler, Duration suspicion) {
    this.scheduler = scheduler;
    this.suspicion = suspicion;
  }

  boolean isSuspected(String replicaId) {
    return suspected.containsKey(replicaId);
  }

  /** The suspected replicas, each with the failure that made it suspect. */
  Map<String, Throwable> snapshot() {
    return Map.copyOf(suspected);
  }

  <T> CompletionStage<T> call(Replica<?, ?> replica, Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(call.get(), "replica " + replica.id() + " returned no stage");
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete(
        (v, e) -> {
          if (e == null) {
            if (!suspected.isEmpty()) { // the common case: nobody suspected, no write to the map
              suspected.remove(replica.id());
            }
          } else if (suspected.put(replica.id(), e) == null) {
            Runnable unused = scheduler.schedule(suspicion, () -> suspected.remove(replica.id()));
          }
        });
  }
}
