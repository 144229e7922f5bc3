package dev.groundwork.consistency.testkit;

import dev.groundwork.consistency.InMemoryReplica;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory replica behind a simulated network on a {@link ManualScheduler}: each request is
 * applied and answered after the replica's latency, and the replica can be crashed (requests fail
 * at once, as a refused connection) or partitioned away (requests are never answered).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class SimulatedReplica<K, V> implements Replica<K, V> {

  /** How the replica is reachable. */
  public enum State {
    /** Answers after its latency. */
    UP,
    /** Refuses at once. */
    CRASHED,
    /** Never answers. */
    PARTITIONED,
    /**
     * An asymmetric partition: requests arrive and are applied, but replies are lost, so a write
     * that took effect is never acknowledged.
     */
    REPLIES_LOST
  }

  private final InMemoryReplica<K, V> store;
  private final ManualScheduler scheduler;
  private Duration latency;
  private @Nullable Duration putLatency;
  private Duration jitter = Duration.ZERO;
  private Duration putJitter = Duration.ZERO;
  private java.util.Random random = new java.util.Random(0);
  private State state = State.UP;
  private double dropRate;
  private java.util.function.@Nullable Supplier<Duration> distribution;

  /**
   * Creates a replica.
   *
   * @param id its id
   * @param scheduler the simulation's scheduler
   * @param latency how long each request takes
   */
  public SimulatedReplica(String id, ManualScheduler scheduler, Duration latency) {
    this.store = new InMemoryReplica<>(id);
    this.scheduler = scheduler;
    this.latency = latency;
  }

  @Override
  public String id() {
    return store.id();
  }

  /**
   * Sets the latency of later requests.
   *
   * @param latency the latency
   */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  /**
   * Sets a different latency for puts than for gets (writes taking another path), for later
   * requests.
   *
   * @param putLatency the latency of puts
   */
  public void putLatency(Duration putLatency) {
    this.putLatency = putLatency;
  }

  /**
   * Adds a random extra delay to each later request, uniform between zero and the given bounds, so
   * that which replica answers first varies.
   *
   * @param getJitter the most extra delay of a get
   * @param putJitter the most extra delay of a put
   * @param seed the random seed, so that runs repeat
   */
  public void jitter(Duration getJitter, Duration putJitter, long seed) {
    this.jitter = getJitter;
    this.putJitter = putJitter;
    this.random = new java.util.Random(seed);
  }

  /**
   * Draws each later request's latency from a distribution instead (for example a log-normal with a
   * long tail), for gets and puts alike.
   *
   * @param distribution returns one latency per call
   */
  public void latencyDistribution(Supplier<Duration> distribution) {
    this.distribution = distribution;
  }

  /**
   * Loses a share of later requests on the way in (never applied, never answered), at random.
   *
   * @param dropRate 0 to 1
   */
  public void dropRate(double dropRate) {
    if (!(dropRate >= 0 && dropRate <= 1)) {
      throw new IllegalArgumentException("drop rate must be 0 to 1, got " + dropRate);
    }
    this.dropRate = dropRate;
  }

  /**
   * Sets how the replica is reachable for later requests (and for answers still in flight).
   *
   * @param state the state
   */
  public void state(State state) {
    this.state = state;
  }

  /**
   * What the replica holds, read directly.
   *
   * @param key the key
   * @return the stored versions
   */
  public List<Versioned<V>> stored(K key) {
    return store.stored(key);
  }

  @Override
  public CompletionStage<List<Versioned<V>>> get(K key) {
    return deliver(latency.plus(extra(jitter)), () -> store.get(key).toCompletableFuture().join());
  }

  @Override
  public CompletionStage<Void> put(K key, List<Versioned<V>> versions) {
    Duration putDelay = putLatency;
    List<Versioned<V>> batch = List.copyOf(versions);
    return deliver(
        (putDelay == null ? latency : putDelay).plus(extra(putJitter)),
        () -> {
          store.put(key, batch);
          return null;
        });
  }

  private Duration extra(Duration bound) {
    return bound.isZero()
        ? Duration.ZERO
        : Duration.ofNanos((long) (random.nextDouble() * bound.toNanos()));
  }

  private <T> CompletionStage<T> deliver(Duration fixedDelay, Supplier<T> action) {
    Supplier<Duration> drawn = distribution;
    Duration delay = drawn == null ? fixedDelay : drawn.get();
    CompletableFuture<T> reply = new CompletableFuture<>();
    if (state == State.CRASHED) {
      reply.completeExceptionally(new IOException(id() + ": connection refused"));
      return reply;
    }
    if (state == State.PARTITIONED || (dropRate > 0 && random.nextDouble() < dropRate)) {
      return reply; // never arrives, never answered
    }
    Runnable unused =
        scheduler.schedule(
            delay,
            () -> {
              if (state == State.UP) {
                reply.complete(action.get());
              } else if (state == State.REPLIES_LOST) {
                T ignored = action.get(); // applied; the reply is lost on the way back
              }
            });
    return reply;
  }
}
