package dev.groundwork.idempotency;

import dev.groundwork.idempotency.internal.DefaultIdempotency;
import dev.groundwork.idempotency.internal.ExecutorConfig;
import dev.groundwork.idempotency.internal.KeyScope;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs an operation at most once per idempotency key and replays its stored result on retries
 * (Foundations §8).
 *
 * <pre>{@code
 * Idempotency<StoredResponse> payments =
 *     Idempotency.builder(ResultCodec.storedResponse())
 *         .store(InMemoryIdempotencyStore.builder().build())
 *         .namespace("payments")
 *         .build();
 *
 * IdempotentResult<StoredResponse> result =
 *     payments.execute(idempotencyKey, Fingerprint.of(requestBody), () -> charge(request));
 * }</pre>
 *
 * <p>For each call: a key that is free is claimed (one atomic store operation), the operation runs,
 * and its result is stored. A key that completed with the same fingerprint replays the stored
 * result; with another fingerprint it is refused ({@link IdempotencyKeyReuseException}). A key held
 * by a live lease is refused ({@link IdempotencyInProgressException}); one whose lease has ended is
 * taken over by compare-and-set, and the previous holder can no longer store its result. If the
 * store cannot be reached at claim time the call fails closed ({@link
 * IdempotencyStoreUnavailableException}) and the operation does not run.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the result type
 */
public interface Idempotency<T> {

  /** Default retention of a stored result: 24 hours, as Foundations §8 suggests. */
  Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /** Default lease: how long one execution may hold its key before it can be taken over. */
  Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /**
   * Default time for which a failed complete is repeated: 5 seconds, never beyond the lease. Long
   * enough to ride out a database failover or a Redis restart; short enough that a caller is not
   * held for long when the store is really gone.
   */
  Duration DEFAULT_COMPLETE_RETRY_BUDGET = Duration.ofSeconds(5);

  /** Default longest key, in characters. */
  int DEFAULT_MAX_KEY_LENGTH = 255;

  /**
   * Starts a builder for results of one type.
   *
   * @param codec how results are stored; see {@link ResultCodec}'s built-ins
   * @param <T> the result type
   * @return a builder
   */
  static <T> Builder<T> builder(ResultCodec<T> codec) {
    return new Builder<>(codec);
  }

  /**
   * Runs {@code operation} unless the key already has an outcome, and returns the fresh or replayed
   * result.
   *
   * @param key the client's idempotency key: not blank, at most the configured length, no control
   *     characters
   * @param fingerprint the request's fingerprint; a retry must carry the same one
   * @param operation the mutation to run at most once; must not return null
   * @return the fresh result, or the stored one marked as a replay
   * @throws InvalidIdempotencyKeyException if the key is not acceptable (HTTP 400)
   * @throws IdempotencyInProgressException if the same request is running elsewhere (HTTP 409)
   * @throws IdempotencyKeyReuseException if the key was used with another request (HTTP 422)
   * @throws IdempotencyStoreUnavailableException if the store cannot be reached (HTTP 503)
   * @throws IdempotencyLeaseLostException if the lease was taken over before the result was stored
   * @throws IdempotencyResultNotStoredException if the operation ran but its result was null, could
   *     not be encoded, or could not be stored within the complete retry budget; the key stays in
   *     progress until the lease ends, so the operation is not run again before then
   * @throws IdempotencyCodecException if a stored result cannot be decoded
   * @throws IdempotentOperationException wrapping a checked exception the operation threw;
   *     unchecked exceptions pass through as they are
   */
  IdempotentResult<T> execute(String key, Fingerprint fingerprint, Callable<? extends T> operation);

  /**
   * The asynchronous form of {@link #execute}. The claim runs on the calling thread; the result is
   * stored on the thread that completes the operation's stage. Every exception {@code execute}
   * throws arrives as the returned stage's failure instead.
   *
   * @param key the client's idempotency key
   * @param fingerprint the request's fingerprint
   * @param operation starts the mutation and returns its stage; called at most once
   * @return a stage with the fresh or replayed result
   */
  CompletionStage<IdempotentResult<T>> executeAsync(
      String key,
      Fingerprint fingerprint,
      Supplier<? extends CompletionStage<? extends T>> operation);

  /**
   * A view of this executor whose keys are scoped to one tenant, so that two tenants using the same
   * key never see each other's results.
   *
   * @param tenant 1 to 64 characters from {@code [A-Za-z0-9._-]}
   * @return an executor sharing this one's configuration
   * @throws InvalidIdempotencyKeyException if the tenant is not acceptable
   */
  Idempotency<T> forTenant(String tenant);

  /**
   * The key as the store sees it, after validation and scoping.
   *
   * @param key the client's idempotency key
   * @return {@code namespace:tenant:key} (the tenant is empty for an unscoped executor)
   * @throws InvalidIdempotencyKeyException if the key is not acceptable
   */
  String scopedKey(String key);

  /**
   * Builds an {@link Idempotency}. Every option has a default but the store; {@link #build()}
   * validates them all.
   *
   * @param <T> the result type
   */
  final class Builder<T> {
    private final ResultCodec<T> codec;
    private @Nullable IdempotencyStore store;
    private String namespace = "default";
    private Duration retention = DEFAULT_RETENTION;
    private Duration lease = DEFAULT_LEASE;
    private int maxKeyLength = DEFAULT_MAX_KEY_LENGTH;
    private FailurePolicy<T> failurePolicy = FailurePolicy.releaseKey();
    private Ticker ticker = Ticker.system();
    private int claimRetries = 1;
    private Duration completeRetryBudget = DEFAULT_COMPLETE_RETRY_BUDGET;
    private final List<IdempotencyListener> listeners = new ArrayList<>();

    private Builder(ResultCodec<T> codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * The store that keeps records. Required.
     *
     * @param store an in-memory, Redis, JDBC or custom store
     * @return this builder
     */
    public Builder<T> store(IdempotencyStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The namespace that prefixes every key, so that several executors can share a store. Default
     * {@code "default"}.
     *
     * @param namespace 1 to 64 characters from {@code [A-Za-z0-9._-]}
     * @return this builder
     */
    public Builder<T> namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * How long a stored result is replayed, counted from when it was stored. Default 24 hours.
     *
     * @param retention positive, and at least the lease
     * @return this builder
     */
    public Builder<T> retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How long one execution holds its key before another caller may take it over. Set it above the
     * operation's worst-case duration: an operation that outlives its lease can run twice (its
     * result is then discarded). Default 30 seconds.
     *
     * @param lease positive, and at most the retention
     * @return this builder
     */
    public Builder<T> lease(Duration lease) {
      this.lease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /**
     * The longest key accepted, in characters. Default 255.
     *
     * @param maxKeyLength 1 to 1024
     * @return this builder
     */
    public Builder<T> maxKeyLength(int maxKeyLength) {
      this.maxKeyLength = maxKeyLength;
      return this;
    }

    /**
     * What a failure of the operation does to its key. Default {@link FailurePolicy#releaseKey()}.
     *
     * @param failurePolicy the policy
     * @return this builder
     */
    public Builder<T> failurePolicy(FailurePolicy<T> failurePolicy) {
      this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
      return this;
    }

    /**
     * The monotonic clock that times operations for events. Default {@link Ticker#system()}. (Wall
     * time for leases and expiry is the store's own.)
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder<T> ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * How many times a claim is repeated, with the same owner token, after a retryable store
     * failure (a lost reply is then recognised by the store as the caller's own claim). Default 1.
     *
     * @param claimRetries 0 to 5
     * @return this builder
     */
    public Builder<T> claimRetries(int claimRetries) {
      this.claimRetries = claimRetries;
      return this;
    }

    /**
     * How long a complete (storing the result after the operation ran) is repeated when the store
     * fails with a retryable error, with backoff from 10 ms doubling to 500 ms. Default {@link
     * #DEFAULT_COMPLETE_RETRY_BUDGET} (5 s). Repeats never go past the lease (measured from the
     * claim), since after it another caller may take the key over. Repeating is safe: a complete is
     * checked against the owner token and fencing counter, and one whose reply was lost is
     * recognised as already applied. {@link Duration#ZERO} tries once.
     *
     * <p>When every attempt fails the call throws {@link IdempotencyResultNotStoredException}; the
     * key stays in progress until its lease ends, and a retry after that runs the operation again.
     *
     * @param budget zero or positive
     * @return this builder
     */
    public Builder<T> completeRetryBudget(Duration budget) {
      this.completeRetryBudget = Objects.requireNonNull(budget, "completeRetryBudget");
      return this;
    }

    /**
     * Adds a listener for {@link IdempotencyEvent}s. None by default.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<T> listener(IdempotencyListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates the options and builds the executor.
     *
     * @return a new, immutable executor
     * @throws IllegalStateException if no store was set
     * @throws IllegalArgumentException if an option is out of range; the message names it
     */
    public Idempotency<T> build() {
      IdempotencyStore s = store;
      if (s == null) {
        throw new IllegalStateException("store is required: call store(...) before build()");
      }
      if (!KeyScope.isValidScope(namespace)) {
        throw new IllegalArgumentException(
            "namespace must be 1 to 64 characters from [A-Za-z0-9._-], got '" + namespace + "'");
      }
      requirePositive("retention", retention);
      requirePositive("lease", lease);
      if (lease.compareTo(retention) > 0) {
        throw new IllegalArgumentException(
            "lease (" + lease + ") must not be longer than retention (" + retention + ")");
      }
      if (maxKeyLength < 1 || maxKeyLength > 1024) {
        throw new IllegalArgumentException("maxKeyLength must be 1 to 1024, got " + maxKeyLength);
      }
      if (claimRetries < 0 || claimRetries > 5) {
        throw new IllegalArgumentException("claimRetries must be 0 to 5, got " + claimRetries);
      }
      if (completeRetryBudget.isNegative()) {
        throw new IllegalArgumentException(
            "completeRetryBudget must be zero or positive, got " + completeRetryBudget);
      }
      return DefaultIdempotency.create(
          new ExecutorConfig<>(
              s,
              codec,
              namespace,
              retention,
              lease,
              maxKeyLength,
              failurePolicy,
              ticker,
              claimRetries,
              completeRetryBudget,
              List.copyOf(listeners)));
    }

    private static void requirePositive(String option, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(option + " must be positive, got " + value);
      }
    }
  }
}
