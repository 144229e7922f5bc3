package dev.groundwork.idempotency;

import dev.groundwork.idempotency.internal.CaffeineIdempotencyStore;
import dev.groundwork.idempotency.internal.MonotonicClock;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdempotencyStore} in this JVM's memory, on a Caffeine map: for tests, single-instance
 * services, and as the reference every other store is checked against.
 *
 * <p>Records expire at their own deadline. The store is bounded: completed records beyond {@link
 * Builder#maximumSize(long)} are evicted, least valuable first, so a stream of unique keys cannot
 * grow it without limit. In-progress records are never evicted for size (evicting one would let its
 * operation run twice); they leave when they complete, are released, or expire.
 *
 * <p>Not shared between instances of a service: two JVMs each with their own store do not
 * deduplicate each other's requests. Use the Redis or JDBC store for that (Foundations §4: state
 * lives outside the instance).
 */
public interface InMemoryIdempotencyStore extends IdempotencyStore {

  /** Default bound on completed records held. */
  long DEFAULT_MAXIMUM_SIZE = 100_000;

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * How many records the store holds now, after expired ones are cleaned up.
   *
   * @return an estimate of the number of live records
   */
  long estimatedSize();

  /** Builds an {@link InMemoryIdempotencyStore}. */
  final class Builder {
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private @Nullable InstantSource clock;

    private Builder() {}

    /**
     * The most completed records kept; beyond it the least valuable are evicted before they expire.
     * Default 100,000. Size it to hold a retention period's worth of requests, or evicted keys will
     * run again on retry.
     *
     * @param maximumSize at least 1
     * @return this builder
     */
    public Builder maximumSize(long maximumSize) {
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * The store's clock, which sets leases and expiry. Default: the system clock read once when the
     * store is built, then advanced by {@link System#nanoTime()}, so that a step of the wall clock
     * neither lets a second caller take over a live lease nor keeps a lease past its duration.
     * Tests pass a clock they advance by hand.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates the options and builds the store.
     *
     * @return a new, empty store
     * @throws IllegalArgumentException if maximumSize is below 1
     */
    public InMemoryIdempotencyStore build() {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
      }
      InstantSource c = clock;
      return new CaffeineIdempotencyStore(maximumSize, c == null ? MonotonicClock.system() : c);
    }
  }
}
