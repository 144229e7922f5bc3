package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.HintPolicy;
import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends each replica the hints {@link PendingVersions} holds for it: on a timer of its own that
 * backs off while the replica stays unreachable, and at once when the replica answers a request
 * again. One round at a time per replica, each bounded by the operation timeout, sends one put per
 * hinted key: traffic follows the number of hinted keys, never the write rate. Hints older than the
 * policy's window are dropped before a round.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class HintReplayer<K, V> {

  /** One replica's replay state; guarded by its own monitor. */
  private static final class Slot<K, V> {
    final Replica<K, V> replica;
    Duration delay;
    @Nullable Runnable timer;
    boolean busy;

    Slot(Replica<K, V> replica, Duration delay) {
      this.replica = replica;
      this.delay = delay;
    }
  }

  private final PendingVersions<K, V> pending;
  private final FailureDetector detector;
  private final Scheduler scheduler;
  private final LongSupplier nanoTime;
  private final HintPolicy policy;
  private final Duration roundTimeout;
  private final Map<String, Slot<K, V>> slots = new LinkedHashMap<>();
  private volatile boolean closed;

  HintReplayer(
      PendingVersions<K, V> pending,
      FailureDetector detector,
      Scheduler scheduler,
      LongSupplier nanoTime,
      HintPolicy policy,
      Duration roundTimeout,
      List<? extends Replica<K, V>> replicas) {
    this.pending = pending;
    this.detector = detector;
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
    this.policy = policy;
    this.roundTimeout = roundTimeout;
    for (Replica<K, V> replica : replicas) {
      slots.put(replica.id(), new Slot<>(replica, policy.replayAfter()));
    }
  }

  /** A replica missed a write: make sure its timer runs. */
  void missed(String replicaId) {
    Slot<K, V> slot = slot(replicaId);
    synchronized (slot) {
      if (slot.timer == null && !closed) {
        slot.timer = scheduler.schedule(slot.delay, () -> timerFired(slot));
      }
    }
  }

  /** A replica answered a request: if it has hints, replay them now (one round at a time). */
  void answered(String replicaId) {
    Slot<K, V> slot = slot(replicaId);
    if (pending.hasHints(replicaId)) {
      startRound(slot, false);
    }
  }

  /**
   * Starts a round for every replica with hints.
   *
   * @return how many hinted versions there were
   */
  int replayAll() {
    int count = 0;
    for (Slot<K, V> slot : slots.values()) {
      count += pending.hintCount(slot.replica.id());
      startRound(slot, false);
    }
    return count;
  }

  /** Stops every timer; hints still held are not sent. */
  void close() {
    closed = true;
    for (Slot<K, V> slot : slots.values()) {
      synchronized (slot) {
        Runnable timer = slot.timer;
        if (timer != null) {
          timer.run();
          slot.timer = null;
        }
      }
    }
  }

  private void timerFired(Slot<K, V> slot) {
    synchronized (slot) {
      slot.timer = null;
    }
    String id = slot.replica.id();
    pending.dropHintedBefore(
        id,
        nanoTime.getAsLong() - policy.window().toNanos(),
        "older than the hint window of " + policy.window());
    if (pending.hasHints(id)) {
      startRound(slot, true);
    } else {
      synchronized (slot) {
        slot.delay = policy.replayAfter();
      }
    }
  }

  /**
   * Runs one round unless one is under way; afterwards, if hints remain, the timer runs again,
   * later each time a timer round leaves hints behind.
   */
  private void startRound(Slot<K, V> slot, boolean fromTimer) {
    synchronized (slot) {
      if (slot.busy || closed) {
        if (fromTimer && slot.timer == null && !closed) {
          slot.timer = scheduler.schedule(slot.delay, () -> timerFired(slot));
        }
        return;
      }
      slot.busy = true;
    }
    CompletableFuture<Void> unused =
        round(slot.replica)
            .whenComplete(
                (ok, e) -> {
                  boolean left = pending.hasHints(slot.replica.id());
                  synchronized (slot) {
                    slot.busy = false;
                    if (!left) {
                      slot.delay = policy.replayAfter();
                      return;
                    }
                    if (fromTimer) {
                      Duration doubled = slot.delay.multipliedBy(2);
                      slot.delay =
                          doubled.compareTo(policy.maxBackoff()) > 0
                              ? policy.maxBackoff()
                              : doubled;
                    }
                    if (slot.timer == null && !closed) {
                      slot.timer = scheduler.schedule(slot.delay, () -> timerFired(slot));
                    }
                  }
                });
  }

  /** One put per hinted key; done when all are answered or the round's deadline passes. */
  private CompletableFuture<Void> round(Replica<K, V> replica) {
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (K key : pending.hintedKeysOf(replica.id())) {
      List<Versioned<V>> batch = pending.waiting(replica.id(), key);
      if (batch.isEmpty()) {
        continue;
      }
      puts.add(
          detector
              .call(replica, () -> replica.put(key, batch))
              .thenRun(() -> pending.settle(replica.id(), key, batch))
              .toCompletableFuture());
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable cancel = scheduler.schedule(roundTimeout, () -> done.complete(null));
    CompletableFuture<Void> unused =
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
            .whenComplete(
                (ok, e) -> {
                  cancel.run();
                  done.complete(null);
                });
    return done;
  }

  private Slot<K, V> slot(String replicaId) {
    return Objects.requireNonNull(slots.get(replicaId), replicaId);
  }
}
