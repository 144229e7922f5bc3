package dev.groundwork.idempotency.internal;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyCodecException;
import dev.groundwork.idempotency.IdempotencyEvent;
import dev.groundwork.idempotency.IdempotencyException;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotencyKeyReuseException;
import dev.groundwork.idempotency.IdempotencyLeaseLostException;
import dev.groundwork.idempotency.IdempotencyListener;
import dev.groundwork.idempotency.IdempotencyResultNotStoredException;
import dev.groundwork.idempotency.IdempotencyStoreException;
import dev.groundwork.idempotency.IdempotentOperationException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.InvalidIdempotencyKeyException;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The executor behind {@link Idempotency}: claim, run, then complete or release, with the same
 * steps shared by the synchronous and asynchronous forms.
 *
 * @param <T> the result type
 */
public final class DefaultIdempotency<T> implements Idempotency<T> {

  private static final System.Logger LOG = System.getLogger(Idempotency.class.getName());

  /** Claim rounds before giving up on a key that keeps changing hands under us. */
  private static final int MAX_TAKE_OVER_ROUNDS = 3;

  private final ExecutorConfig<T> config;
  private final KeyScope scope;

  private DefaultIdempotency(ExecutorConfig<T> config, KeyScope scope) {
    this.config = config;
    this.scope = scope;
  }

  /**
   * Creates an executor.
   *
   * @param config validated options
   * @param <T> the result type
   * @return the executor
   */
  public static <T> DefaultIdempotency<T> create(ExecutorConfig<T> config) {
    return new DefaultIdempotency<>(
        config, new KeyScope(config.namespace(), null, config.maxKeyLength()));
  }

  @Override
  public Idempotency<T> forTenant(String tenant) {
    if (tenant == null || !KeyScope.isValidScope(tenant)) {
      throw new InvalidIdempotencyKeyException(
          null,
          "tenant must be 1 to 64 characters from [A-Za-z0-9._-], got '" + tenant + "'",
          null);
    }
    return new DefaultIdempotency<>(
        config, new KeyScope(config.namespace(), tenant, config.maxKeyLength()));
  }

  @Override
  public String scopedKey(String key) {
    return scope.scope(key);
  }

  @Override
  public IdempotentResult<T> execute(
      String key, Fingerprint fingerprint, Callable<? extends T> operation) {
    Objects.requireNonNull(operation, "operation");
    Start<T> start = begin(key, fingerprint);
    if (start instanceof Replay<T> replay) {
      return replay.result();
    }
    Run<T> run = (Run<T>) start;
    long started = config.ticker().read();
    T value;
    try {
      value = operation.call();
    } catch (Throwable failure) {
      return finishFailure(run, failure, started);
    }
    return finishSuccess(run, value, started, false);
  }

  @Override
  public CompletionStage<IdempotentResult<T>> executeAsync(
      String key,
      Fingerprint fingerprint,
      Supplier<? extends CompletionStage<? extends T>> operation) {
    Objects.requireNonNull(operation, "operation");
    Start<T> start;
    try {
      start = begin(key, fingerprint);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (start instanceof Replay<T> replay) {
      return CompletableFuture.completedFuture(replay.result());
    }
    Run<T> run = (Run<T>) start;
    long started = config.ticker().read();
    CompletableFuture<IdempotentResult<T>> out = new CompletableFuture<>();
    CompletionStage<? extends T> stage;
    try {
      stage = operation.get();
      Objects.requireNonNull(stage, "the operation returned a null stage");
    } catch (Throwable failure) {
      settle(out, () -> finishFailure(run, failure, started));
      return out;
    }
    stage.whenComplete(
        (value, failure) ->
            settle(
                out,
                () ->
                    failure == null
                        ? finishSuccess(run, value, started, false)
                        : finishFailure(run, unwrap(failure), started)));
    return out;
  }

  // ---- claim phase ------------------------------------------------------------------------

  /** What the claim phase decided: replay a stored result, or run the operation. */
  private sealed interface Start<T> permits Replay, Run {}

  private record Replay<T>(IdempotentResult<T> result) implements Start<T> {}

  private record Run<T>(String key, String scopedKey, String owner, long fence)
      implements Start<T> {}

  private Start<T> begin(String key, Fingerprint fingerprint) {
    String scopedKey = scope.scope(key);
    Objects.requireNonNull(fingerprint, "fingerprint");
    ClaimRequest request =
        new ClaimRequest(
            scopedKey, OwnerTokens.next(), fingerprint, config.lease(), config.retention());
    ClaimResult result = claim(key, request);
    for (int round = 1; ; round++) {
      IdempotencyRecord record = result.record();
      if (result instanceof ClaimResult.Claimed) {
        return new Run<>(key, scopedKey, request.owner(), record.fence());
      }
      if (!record.fingerprint().equals(fingerprint)) {
        emit(new IdempotencyEvent.KeyReused(scopedKey));
        throw new IdempotencyKeyReuseException(
            key,
            "idempotency key '"
                + key
                + "' was already used with a different request; use a new key for a new request",
            null);
      }
      if (record.state() == RecordState.COMPLETED) {
        return new Replay<>(replay(key, scopedKey, record));
      }
      if (!record.isLeaseExpiredAt(result.observedAt()) || round >= MAX_TAKE_OVER_ROUNDS) {
        Duration retryAfter = Duration.between(result.observedAt(), record.leaseDeadline());
        if (retryAfter.isNegative() || retryAfter.isZero()) {
          retryAfter = Duration.ofSeconds(1);
        }
        emit(new IdempotencyEvent.InProgressConflict(scopedKey, retryAfter));
        throw new IdempotencyInProgressException(
            key,
            retryAfter,
            "a request with idempotency key '"
                + key
                + "' is still in progress; retry after "
                + retryAfter.toMillis()
                + " ms");
      }
      String previousOwner = record.owner();
      long previousFence = record.fence();
      result =
          storeCall(
              key,
              "take over the expired lease",
              () -> config.store().takeOver(request, previousOwner, previousFence));
      if (result instanceof ClaimResult.Claimed claimed) {
        emit(
            new IdempotencyEvent.LeaseTakenOver(
                scopedKey, previousOwner, previousFence, claimed.record().fence()));
      }
    }
  }

  private ClaimResult claim(String key, ClaimRequest request) {
    for (int attempt = 0; ; attempt++) {
      try {
        return storeCall(key, "claim the key", () -> config.store().claim(request));
      } catch (IdempotencyStoreException e) {
        // Same request, same owner token: if the first claim landed and only its reply was lost,
        // the store recognises this one as ours.
        if (!e.isRetryable() || attempt >= config.claimRetries()) {
          throw e;
        }
      }
    }
  }

  private IdempotentResult<T> replay(String key, String scopedKey, IdempotencyRecord record) {
    byte[] bytes = Objects.requireNonNull(record.result(), "a completed record holds a result");
    T value;
    try {
      value = config.codec().decode(bytes);
    } catch (RuntimeException e) {
      throw new IdempotencyCodecException(
          key,
          "the stored result for idempotency key '"
              + key
              + "' could not be decoded by "
              + config.codec()
              + "; was it written by another codec?",
          e);
    }
    if (value == null) {
      throw new IdempotencyCodecException(
          key, config.codec() + " decoded the stored result as null", null);
    }
    emit(new IdempotencyEvent.Replayed(scopedKey));
    return new IdempotentResult<>(value, true, key);
  }

  // ---- finish phase -----------------------------------------------------------------------

  private IdempotentResult<T> finishSuccess(
      Run<T> run, @Nullable T value, long started, boolean fromFailure) {
    if (value == null) {
      IdempotencyCodecException e =
          new IdempotencyCodecException(
              run.key(),
              "the operation for idempotency key '"
                  + run.key()
                  + "' returned null; return a value the codec can store",
              null);
      releaseAfter(run, e);
      throw e;
    }
    byte[] bytes;
    try {
      bytes = config.codec().encode(value);
      Objects.requireNonNull(bytes, "the codec returned null");
    } catch (RuntimeException cause) {
      IdempotencyCodecException e =
          new IdempotencyCodecException(
              run.key(),
              config.codec()
                  + " could not encode the result for idempotency key '"
                  + run.key()
                  + "'; the key was released",
              cause);
      releaseAfter(run, e);
      throw e;
    }
    MutationResult stored;
    try {
      stored =
          storeCall(
              run.key(),
              "store the result",
              () ->
                  config
                      .store()
                      .complete(
                          run.scopedKey(), run.owner(), run.fence(), bytes, config.retention()));
    } catch (IdempotencyStoreException e) {
      throw new IdempotencyResultNotStoredException(
          run.key(),
          e.isRetryable(),
          "the operation for idempotency key '"
              + run.key()
              + "' ran, but its result could not be stored; the key stays in progress until its"
              + " lease of "
              + config.lease()
              + " ends, after which a retry runs the operation again",
          e);
    }
    if (stored != MutationResult.APPLIED) {
      emit(new IdempotencyEvent.StaleOwnerRejected(run.scopedKey(), run.owner(), run.fence()));
      throw new IdempotencyLeaseLostException(
          run.key(),
          "the operation for idempotency key '"
              + run.key()
              + "' outlived its lease of "
              + config.lease()
              + " and the key was taken over (or expired); its result was discarded"
              + (stored == MutationResult.STALE_OWNER
                  ? ", and a retry replays the result that stands"
                  : ""),
          null);
    }
    emit(
        new IdempotencyEvent.Executed(
            run.scopedKey(),
            run.fence(),
            Duration.ofNanos(config.ticker().read() - started),
            fromFailure));
    return new IdempotentResult<>(value, false, run.key());
  }

  private IdempotentResult<T> finishFailure(Run<T> run, Throwable failure, long started) {
    if (failure instanceof Exception exception) {
      Optional<T> outcome;
      try {
        outcome = config.failurePolicy().outcomeFor(exception);
      } catch (RuntimeException policyFailure) {
        failure.addSuppressed(policyFailure);
        outcome = Optional.empty();
      }
      if (outcome.isPresent()) {
        return finishSuccess(run, outcome.get(), started, true);
      }
    }
    releaseAfter(run, failure);
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    throw new IdempotentOperationException(
        run.key(), "the operation for idempotency key '" + run.key() + "' failed", failure);
  }

  /** Releases the key after a failure; a failed release is attached to the failure. */
  private void releaseAfter(Run<T> run, Throwable failure) {
    boolean released = false;
    try {
      MutationResult result =
          storeCall(
              run.key(),
              "release the key",
              () -> config.store().release(run.scopedKey(), run.owner(), run.fence()));
      released = result == MutationResult.APPLIED;
    } catch (IdempotencyStoreException e) {
      failure.addSuppressed(e);
    }
    emit(new IdempotencyEvent.Released(run.scopedKey(), failure, released));
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Calls the store, turning anything but our own exceptions into a store exception. */
  private static <R> R storeCall(String key, String what, Supplier<R> call) {
    try {
      return Objects.requireNonNull(call.get(), "the store returned null");
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IdempotencyStoreException(
          key,
          false,
          "the idempotency store failed to " + what + " for key '" + key + "': " + e,
          e);
    }
  }

  private void emit(IdempotencyEvent event) {
    for (IdempotencyListener listener : config.listeners()) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "idempotency listener failed on " + event, e);
      }
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <R> void settle(CompletableFuture<R> out, Supplier<R> finish) {
    try {
      out.complete(finish.get());
    } catch (Throwable t) {
      out.completeExceptionally(t);
    }
  }
}
