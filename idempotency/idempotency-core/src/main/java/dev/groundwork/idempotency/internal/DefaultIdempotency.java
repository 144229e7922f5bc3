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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
        config,
        new KeyScope(
            config.namespace(), null, config.maxKeyLength(), config.store().maxKeyBytes()));
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
        config,
        new KeyScope(
            config.namespace(), tenant, config.maxKeyLength(), config.store().maxKeyBytes()));
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
    CompletableFuture<IdempotentResult<T>> out = new CompletableFuture<>();
    T value;
    try {
      value = operation.call();
    } catch (Throwable failure) {
      finishFailure(run, failure, started, Pause.SLEEP, out);
      return joinNow(out);
    }
    finishSuccess(run, value, started, false, Pause.SLEEP, out);
    return joinNow(out);
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
      finishFailure(run, failure, started, Pause.TIMER, out);
      return out;
    }
    stage.whenComplete(
        (value, failure) -> {
          try {
            if (failure == null) {
              finishSuccess(run, value, started, false, Pause.TIMER, out);
            } else {
              finishFailure(run, unwrap(failure), started, Pause.TIMER, out);
            }
          } catch (Throwable t) {
            out.completeExceptionally(t);
          }
        });
    return out;
  }

  // ---- claim phase ------------------------------------------------------------------------

  /** What the claim phase decided: replay a stored result, or run the operation. */
  private sealed interface Start<T> permits Replay, Run {}

  private record Replay<T>(IdempotentResult<T> result) implements Start<T> {}

  /**
   * A claimed key. {@code claimStarted} is the ticker before the claim was sent, so that {@code
   * claimStarted + lease} is no later than the lease's end at the store.
   */
  private record Run<T>(String key, String scopedKey, String owner, long fence, long claimStarted)
      implements Start<T> {}

  private Start<T> begin(String key, Fingerprint fingerprint) {
    String scopedKey = scope.scope(key);
    long claimStarted = config.ticker().read();
    Objects.requireNonNull(fingerprint, "fingerprint");
    ClaimRequest request =
        new ClaimRequest(
            scopedKey, OwnerTokens.next(), fingerprint, config.lease(), config.retention());
    ClaimResult result = claim(key, request);
    for (int round = 1; ; round++) {
      IdempotencyRecord record = result.record();
      requireSameKey(key, scopedKey, record);
      if (result instanceof ClaimResult.Claimed) {
        return new Run<>(key, scopedKey, request.owner(), record.fence(), claimStarted);
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

  /**
   * Refuses a record stored under another key than the one asked for, so that one key is never
   * answered with another key's result: a table whose collation ignores trailing spaces or case, or
   * a store that encodes keys lossily, shows up here instead of as a wrong replay.
   */
  private static void requireSameKey(String key, String scopedKey, IdempotencyRecord record) {
    if (!record.key().equals(scopedKey)) {
      throw new IdempotencyStoreException(
          key,
          false,
          "the idempotency store answered key '"
              + scopedKey
              + "' with the record of key '"
              + record.key()
              + "'; its keys do not compare byte for byte (a padding or case-insensitive"
              + " collation?). Nothing was run or replayed; fix the store's key column",
          null);
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
  //
  // Once the operation has run, nothing may free its key inside the lease, or a retry would run it
  // a second time: a result that cannot be encoded or stored leaves the key in progress, and only
  // a failure of the operation itself (which the failure policy chose not to store) releases it.

  /**
   * Waits before a retry: the synchronous form sleeps on the caller's thread, the asynchronous one
   * never blocks the thread that completed the operation and schedules the retry on a timer.
   */
  private interface Pause {
    /**
     * Runs {@code next} after {@code nanos}.
     *
     * @return false when the wait was interrupted and {@code next} will not run
     */
    boolean then(long nanos, Runnable next);

    Pause SLEEP =
        (nanos, next) -> {
          try {
            TimeUnit.NANOSECONDS.sleep(nanos);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          next.run();
          return true;
        };

    Pause TIMER =
        (nanos, next) -> {
          CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(next);
          return true;
        };
  }

  private void finishSuccess(
      Run<T> run,
      @Nullable T value,
      long started,
      boolean fromFailure,
      Pause pause,
      CompletableFuture<IdempotentResult<T>> out) {
    if (value == null) {
      out.completeExceptionally(
          notStored(
              run,
              0,
              "returned null, so there was no result to store; return a value the codec can"
                  + " encode",
              new IdempotencyCodecException(
                  run.key(), "the operation returned null for idempotency key", null)));
      return;
    }
    byte[] bytes;
    try {
      bytes = config.codec().encode(value);
      Objects.requireNonNull(bytes, "the codec returned null");
    } catch (RuntimeException cause) {
      out.completeExceptionally(
          notStored(
              run,
              0,
              "produced a result that " + config.codec() + " could not encode",
              new IdempotencyCodecException(
                  run.key(), config.codec() + " could not encode the result", cause)));
      return;
    }
    completeAttempt(
        run,
        bytes,
        1,
        null,
        pause,
        out,
        stored -> out.complete(completed(run, stored, value, started, fromFailure)));
  }

  /**
   * One complete; after a retryable failure, the next one after a backoff while the budget and the
   * lease last. The first failure is the cause of the final one, the later ones are suppressed.
   */
  private void completeAttempt(
      Run<T> run,
      byte[] bytes,
      int attempt,
      @Nullable IdempotencyStoreException first,
      Pause pause,
      CompletableFuture<IdempotentResult<T>> out,
      Consumer<MutationResult> onStored) {
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
      IdempotencyStoreException cause = first == null ? e : first;
      if (cause != e) {
        cause.addSuppressed(e);
      }
      long wait = e.isRetryable() ? retryWait(run, attempt) : -1;
      boolean retrying =
          wait >= 0
              && pause.then(
                  wait,
                  () -> completeAttempt(run, bytes, attempt + 1, cause, pause, out, onStored));
      if (!retrying) {
        out.completeExceptionally(
            notStored(
                run,
                attempt,
                "ran, but its result could not be stored after "
                    + attempt
                    + (attempt == 1 ? " attempt" : " attempts"),
                cause));
      }
      return;
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
      return;
    }
    try {
      onStored.accept(stored);
    } catch (RuntimeException e) {
      out.completeExceptionally(e);
    }
  }

  /**
   * The pause before the next complete, or -1 when there is no time left: 10 ms doubling to 500 ms,
   * while both the retry budget since the claim and the lease leave room for the pause.
   */
  private long retryWait(Run<T> run, int attempt) {
    long pause = TimeUnit.MILLISECONDS.toNanos(Math.min(500, 10L << Math.min(attempt - 1, 6)));
    long now = config.ticker().read();
    long budgetEnd = run.claimStarted() + config.completeRetryBudget().toNanos();
    long leaseEnd = run.claimStarted() + config.lease().toNanos();
    return now + pause < Math.min(budgetEnd, leaseEnd) ? pause : -1;
  }

  /** What the caller hears when the operation ran and its result was not stored. */
  private IdempotencyResultNotStoredException notStored(
      Run<T> run, int attempts, String what, Throwable cause) {
    emit(new IdempotencyEvent.ResultNotStored(run.scopedKey(), cause, attempts));
    boolean retryable = cause instanceof IdempotencyStoreException store && store.isRetryable();
    return new IdempotencyResultNotStoredException(
        run.key(),
        retryable,
        "the operation for idempotency key '"
            + run.key()
            + "' "
            + what
            + "; it is NOT to be run again blindly. The key stays in progress until its lease of "
            + config.lease()
            + " ends (retries meanwhile get IdempotencyInProgressException); after that a retry"
            + " runs the operation again",
        cause);
  }

  private IdempotentResult<T> completed(
      Run<T> run, MutationResult stored, T value, long started, boolean fromFailure) {
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

  private void finishFailure(
      Run<T> run,
      Throwable failure,
      long started,
      Pause pause,
      CompletableFuture<IdempotentResult<T>> out) {
    if (failure instanceof Exception exception) {
      Optional<T> outcome;
      try {
        outcome = config.failurePolicy().outcomeFor(exception);
      } catch (RuntimeException policyFailure) {
        failure.addSuppressed(policyFailure);
        outcome = Optional.empty();
      }
      if (outcome.isPresent()) {
        finishSuccess(run, outcome.get(), started, true, pause, out);
        return;
      }
    }
    releaseAfter(run, failure);
    if (failure instanceof RuntimeException || failure instanceof Error) {
      out.completeExceptionally(failure);
      return;
    }
    out.completeExceptionally(
        new IdempotentOperationException(
            run.key(), "the operation for idempotency key '" + run.key() + "' failed", failure));
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

  /**
   * The outcome of a future the synchronous path has already completed (its pauses sleep on this
   * thread), with the failure thrown as it is rather than wrapped.
   */
  private static <R> R joinNow(CompletableFuture<R> done) {
    try {
      return done.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
