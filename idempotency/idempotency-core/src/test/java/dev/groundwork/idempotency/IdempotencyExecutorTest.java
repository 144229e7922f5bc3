package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.spi.RecordState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The executor's own decisions, over the in-memory store (the stores have their own suite). */
class IdempotencyExecutorTest {

  private static final Fingerprint FP = Fingerprint.ofUtf8("POST /charges amount=100");

  private final InMemoryIdempotencyStore memory =
      InMemoryIdempotencyStore.builder()
          .clock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")))
          .build();
  private final FlakyStore flaky = new FlakyStore(memory);
  private final List<IdempotencyEvent> events = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  private Idempotency<String> executor() {
    return Idempotency.builder(ResultCodec.utf8()).store(flaky).listener(events::add).build();
  }

  private String run() {
    return "charged-" + runs.incrementAndGet();
  }

  @Test
  void anUnreachableStoreAtClaimFailsClosed() {
    flaky.failClaims(FlakyStore.Failure.UNREACHABLE, 5);

    assertThatThrownBy(() -> executor().execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyStoreUnavailableException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.httpStatus()).isEqualTo(503);
            });
    assertThat(runs).hasValue(0);
    assertThat(flaky.claimOwners).hasSize(2); // the first try and one retry
  }

  @Test
  void aClaimWhoseReplyWasLostIsRecognisedOnRetryByItsOwnerToken() {
    flaky.failClaims(FlakyStore.Failure.REPLY_LOST, 1);

    IdempotentResult<String> result = executor().execute("k", FP, this::run);

    assertThat(result).isEqualTo(new IdempotentResult<>("charged-1", false, "k"));
    assertThat(flaky.claimOwners).hasSize(2);
    assertThat(flaky.claimOwners.get(1)).isEqualTo(flaky.claimOwners.get(0));
  }

  @Test
  void withoutClaimRetriesALostReplyLeavesTheKeyInProgress() {
    flaky.failClaims(FlakyStore.Failure.REPLY_LOST, 1);
    Idempotency<String> noRetry =
        Idempotency.builder(ResultCodec.utf8()).store(flaky).claimRetries(0).build();

    assertThatThrownBy(() -> noRetry.execute("k", FP, this::run))
        .isInstanceOf(IdempotencyStoreUnavailableException.class);
    assertThatThrownBy(() -> noRetry.execute("k", FP, this::run))
        .isInstanceOf(IdempotencyInProgressException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void aStoreThatThrowsSomethingElseIsReportedAsANonRetryableStoreFailure() {
    flaky.failClaims(FlakyStore.Failure.BROKEN, 1);

    assertThatThrownBy(() -> executor().execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyStoreException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("failed to claim the key")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void aResultThatCannotBeStoredSaysTheOperationRanAndKeepsTheKey() {
    flaky.completeFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(1);
    Idempotency<String> once =
        Idempotency.builder(ResultCodec.utf8())
            .store(flaky)
            .completeRetryBudget(Duration.ZERO)
            .listener(events::add)
            .build();

    assertThatThrownBy(() -> once.execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyResultNotStoredException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("ran, but its result could not be stored after 1 attempt;")
        .hasMessageContaining("NOT to be run again blindly")
        .hasCauseInstanceOf(IdempotencyStoreUnavailableException.class);
    assertThat(memory.read(once.scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.IN_PROGRESS);
    assertThatThrownBy(() -> once.execute("k", FP, this::run))
        .isInstanceOf(IdempotencyInProgressException.class);
    assertThat(runs).hasValue(1);
    assertThat(events)
        .first()
        .isInstanceOfSatisfying(
            IdempotencyEvent.ResultNotStored.class, e -> assertThat(e.attempts()).isEqualTo(1));
  }

  /** Issue 17, defect 2: a complete that failed while the store blinked was never repeated. */
  @Test
  void aCompleteThatFailsPassinglyIsRepeatedAndTheResultStored() {
    flaky.completeFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(3);

    IdempotentResult<String> result = executor().execute("k", FP, this::run);

    assertThat(result.replayed()).isFalse();
    assertThat(flaky.completeThreads).hasSize(4);
    assertThat(memory.read(executor().scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.COMPLETED);
    assertThat(executor().execute("k", FP, this::run).replayed()).isTrue();
    assertThat(runs).hasValue(1);
  }

  /** A complete whose reply was lost is applied; its repeat is recognised as the same owner's. */
  @Test
  void aCompleteWhoseReplyWasLostIsRepeatedAsAppliedOnce() {
    flaky.completeFailure = FlakyStore.Failure.REPLY_LOST;
    flaky.failuresLeft.set(1);

    IdempotentResult<String> result = executor().execute("k", FP, this::run);

    assertThat(result.value()).isEqualTo("charged-1");
    assertThat(flaky.completeThreads).hasSize(2);
    assertThat(events).hasOnlyElementsOfType(IdempotencyEvent.Executed.class);
  }

  @Test
  void aCompleteThatFailsForGoodIsNotRepeated() {
    flaky.completeFailure = FlakyStore.Failure.BROKEN;
    flaky.failuresLeft.set(1);

    assertThatThrownBy(() -> executor().execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyResultNotStoredException.class, e -> assertThat(e.isRetryable()).isFalse());
    assertThat(flaky.completeThreads).hasSize(1);
  }

  /**
   * Repeats stop when the next pause would pass the budget or the lease, both counted from the
   * claim: on a ticker that moves 100 ms per reading, with pauses of 10, 20, 40, 80, 160, 320 ms.
   */
  @ParameterizedTest(name = "budget {0} ms, lease {1} ms: {2} attempts")
  @CsvSource({"1000, 30000, 6", "5000, 700, 5", "0, 30000, 1", "210, 30000, 1", "211, 30000, 2"})
  void repeatsStopAtTheBudgetOrTheLease(long budgetMs, long leaseMs, int attempts) {
    flaky.completeFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(Integer.MAX_VALUE);
    AtomicLong nanos = new AtomicLong();
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(flaky)
            .lease(Duration.ofMillis(leaseMs))
            .completeRetryBudget(Duration.ofMillis(budgetMs))
            .ticker(() -> nanos.addAndGet(100_000_000L))
            .listener(events::add)
            .build();

    assertThatThrownBy(() -> idempotency.execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyResultNotStoredException.class,
            e ->
                assertThat(java.util.Objects.requireNonNull(e.getCause()).getSuppressed())
                    .hasSize(attempts - 1))
        .hasMessageContaining("after " + attempts + (attempts == 1 ? " attempt;" : " attempts;"));
    assertThat(flaky.completeThreads).hasSize(attempts);
    assertThat(memory.read(idempotency.scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.IN_PROGRESS);
  }

  /** The asynchronous form repeats on a timer, never holding the thread that ran the operation. */
  @Test
  void asynchronousRepeatsRunOnATimerThread() {
    flaky.completeFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(2);
    CompletableFuture<String> operation = new CompletableFuture<>();

    CompletableFuture<IdempotentResult<String>> result =
        executor().executeAsync("k", FP, () -> operation).toCompletableFuture();
    operation.complete("charged");

    assertThat(result.join().value()).isEqualTo("charged");
    assertThat(flaky.completeThreads).hasSize(3);
    assertThat(flaky.completeThreads.get(0)).isSameAs(Thread.currentThread());
    assertThat(flaky.completeThreads.get(1)).isNotSameAs(Thread.currentThread());
  }

  @Test
  void aFailedReleaseIsAttachedToTheOperationsFailure() {
    flaky.releaseFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(1);
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                executor()
                    .execute(
                        "k",
                        FP,
                        () -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    assertThat(boom.getSuppressed()).hasSize(1);
    assertThat(boom.getSuppressed()[0]).isInstanceOf(IdempotencyStoreUnavailableException.class);
    assertThat(events)
        .last()
        .isInstanceOfSatisfying(
            IdempotencyEvent.Released.class, e -> assertThat(e.released()).isFalse());
  }

  @Test
  void checkedExceptionsAreWrappedAndErrorsPassThroughBothReleasingTheKey() {
    Idempotency<String> idempotency = executor();

    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "checked",
                    FP,
                    () -> {
                      throw new IOException("socket closed");
                    }))
        .isInstanceOf(IdempotentOperationException.class)
        .hasCauseInstanceOf(IOException.class);
    StackOverflowError error = new StackOverflowError("deep");
    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "error",
                    FP,
                    () -> {
                      throw error;
                    }))
        .isSameAs(error);

    assertThat(memory.read(idempotency.scopedKey("checked"))).isEmpty();
    assertThat(memory.read(idempotency.scopedKey("error"))).isEmpty();
  }

  /**
   * Issue 17, defect 1: a null result, or one the codec cannot encode, released the key although
   * the operation had run, so a retry inside the lease ran it a second time.
   */
  @Test
  void aNullResultKeepsTheKeySoARetryDoesNotRunTheOperationAgain() {
    Idempotency<String> idempotency = executor();
    AtomicInteger nullRuns = new AtomicInteger();

    assertThatThrownBy(() -> idempotency.execute("k", FP, () -> nullOf(nullRuns)))
        .isInstanceOf(IdempotencyResultNotStoredException.class)
        .hasMessageContaining("returned null")
        .hasCauseInstanceOf(IdempotencyCodecException.class);
    assertThatThrownBy(() -> idempotency.execute("k", FP, () -> nullOf(nullRuns)))
        .isInstanceOf(IdempotencyInProgressException.class);
    assertThat(nullRuns).hasValue(1);
    assertThat(memory.read(idempotency.scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.IN_PROGRESS);
  }

  @Test
  void aResultTheCodecCannotEncodeKeepsTheKeySoARetryDoesNotRunTheOperationAgain() {
    ResultCodec<String> refusing =
        new ResultCodec<>() {
          @Override
          public byte[] encode(String value) {
            throw new IllegalArgumentException("too big to encode (test)");
          }

          @Override
          public String decode(byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
          }
        };
    Idempotency<String> idempotency = Idempotency.builder(refusing).store(memory).build();

    assertThatThrownBy(() -> idempotency.execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyResultNotStoredException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("could not encode")
        .hasRootCauseMessage("too big to encode (test)");
    assertThatThrownBy(() -> idempotency.execute("k", FP, this::run))
        .isInstanceOf(IdempotencyInProgressException.class);
    assertThat(runs).hasValue(1);
  }

  private static @org.jspecify.annotations.Nullable String nullOf(AtomicInteger counter) {
    counter.incrementAndGet();
    return null;
  }

  @Test
  void aStoredResultTheCodecCannotReadIsACodecError() {
    Idempotency.builder(ResultCodec.utf8()).store(memory).build().execute("k", FP, () -> "text");
    Idempotency<StoredResponse> http =
        Idempotency.builder(ResultCodec.storedResponse()).store(memory).build();

    assertThatThrownBy(() -> http.execute("k", FP, () -> StoredResponse.ofText(200, "x")))
        .isInstanceOf(IdempotencyCodecException.class)
        .hasMessageContaining("could not be decoded");
  }

  @Test
  void eachPathEmitsItsEvent() {
    Idempotency<String> idempotency = executor();
    idempotency.execute("k", FP, this::run);
    idempotency.execute("k", FP, this::run);
    assertThatThrownBy(() -> idempotency.execute("k", Fingerprint.ofUtf8("other"), this::run))
        .isInstanceOf(IdempotencyKeyReuseException.class);

    assertThat(events).hasSize(3);
    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            IdempotencyEvent.Executed.class,
            e -> {
              assertThat(e.scopedKey()).isEqualTo("default::k");
              assertThat(e.fromFailure()).isFalse();
            });
    assertThat(events.get(1)).isEqualTo(new IdempotencyEvent.Replayed("default::k"));
    assertThat(events.get(2)).isEqualTo(new IdempotencyEvent.KeyReused("default::k"));
  }

  @Test
  void aListenerThatThrowsDoesNotDisturbTheCall() {
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .listener(
                e -> {
                  throw new IllegalStateException("listener bug");
                })
            .build();

    // The failure is not lost: it is logged as a warning through System.Logger (JUL by default).
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(Idempotency.class.getName());
    List<java.util.logging.LogRecord> logged = new ArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    log.setUseParentHandlers(false);
    try {
      assertThat(idempotency.execute("k", FP, this::run).value()).isEqualTo("charged-1");
    } finally {
      log.removeHandler(capture);
      log.setUseParentHandlers(true);
    }
    assertThat(logged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
              assertThat(r.getThrown()).hasMessage("listener bug");
            });
  }

  @Test
  void anAsyncOperationThatFailsReleasesTheKey() {
    Idempotency<String> idempotency = executor();

    CompletableFuture<IdempotentResult<String>> failed =
        idempotency
            .executeAsync(
                "k", FP, () -> CompletableFuture.failedFuture(new IllegalStateException("down")))
            .toCompletableFuture();

    assertThat(failed).isCompletedExceptionally();
    assertThatThrownBy(failed::join).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(memory.read(idempotency.scopedKey("k"))).isEmpty();
    assertThat(
            idempotency
                .executeAsync("", FP, () -> CompletableFuture.completedFuture("x"))
                .toCompletableFuture())
        .isCompletedExceptionally();
  }

  @Test
  void scopedKeysCannotCollideAcrossTenants() {
    Idempotency<String> base = executor();

    assertThat(base.scopedKey("a:b")).isEqualTo("default::a:b");
    assertThat(base.forTenant("a").scopedKey("b")).isEqualTo("default:a:b");
    assertThatThrownBy(() -> base.forTenant("bad:tenant"))
        .isInstanceOf(InvalidIdempotencyKeyException.class)
        .hasMessageContaining("[A-Za-z0-9._-]");
  }

  @Test
  void retryAfterIsRoundedUpToWholeSeconds() {
    assertThat(
            new IdempotencyInProgressException("k", Duration.ofMillis(1), "m").retryAfterSeconds())
        .isEqualTo(1);
    assertThat(
            new IdempotencyInProgressException("k", Duration.ofMillis(2001), "m")
                .retryAfterSeconds())
        .isEqualTo(3);
    assertThat(
            new IdempotencyInProgressException("k", Duration.ofSeconds(4), "m").retryAfterSeconds())
        .isEqualTo(4);
  }
}
