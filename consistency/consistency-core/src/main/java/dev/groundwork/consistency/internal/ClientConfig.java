package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.HintPolicy;
import dev.groundwork.consistency.HybridLogicalClock;
import dev.groundwork.consistency.QuorumListener;
import dev.groundwork.consistency.ReadRepair;
import dev.groundwork.consistency.Resolver;
import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A quorum client's validated, immutable options.
 *
 * @param nodeId the client's id; its writes' dots carry it with an incarnation suffix
 * @param replicas the N home replicas
 * @param r the read quorum
 * @param w the write quorum
 * @param timeout the deadline of every operation
 * @param readRepair the read-repair mode
 * @param resolver the resolver, or null
 * @param scheduler where deadlines and hedges are scheduled
 * @param suspicion how long a refusing replica is believed down
 * @param hedging the hedge policy, or null to ask every replica at once
 * @param listeners the event listeners
 * @param timestamps the clock that stamps writes, or null
 * @param nanoTime the monotonic clock that times replies
 * @param standIns replicas that take a suspected home replica's place in writes (sloppy quorum)
 * @param owned what the client shuts down on close (its own scheduler thread), or null
 * @param hints how hints are replayed and bounded
 * @param weigher the weight of a value, for the hint byte bound
 * @param <K> the key type
 * @param <V> the value type
 */
public record ClientConfig<K, V>(
    String nodeId,
    List<Replica<K, V>> replicas,
    int r,
    int w,
    Duration timeout,
    ReadRepair readRepair,
    @Nullable Resolver<V> resolver,
    Scheduler scheduler,
    Duration suspicion,
    @Nullable HedgePolicy hedging,
    List<QuorumListener> listeners,
    @Nullable HybridLogicalClock timestamps,
    LongSupplier nanoTime,
    List<Replica<K, V>> standIns,
    @Nullable AutoCloseable owned,
    HintPolicy hints,
    java.util.function.ToLongFunction<? super V> weigher) {

  /**
   * Copies the lists.
   *
   * @param nodeId the id
   * @param replicas the replicas
   * @param r R
   * @param w W
   * @param timeout the deadline
   * @param readRepair the mode
   * @param resolver the resolver or null
   * @param scheduler the scheduler
   * @param suspicion the suspicion period
   * @param hedging the hedge policy or null
   * @param listeners the listeners
   * @param timestamps the HLC or null
   * @param nanoTime the monotonic clock
   * @param standIns the stand-ins
   * @param owned what close shuts down, or null
   * @param hints the hint policy
   * @param weigher the value weigher
   */
  public ClientConfig {
    replicas = List.copyOf(replicas);
    listeners = List.copyOf(listeners);
    standIns = List.copyOf(standIns);
  }
}
