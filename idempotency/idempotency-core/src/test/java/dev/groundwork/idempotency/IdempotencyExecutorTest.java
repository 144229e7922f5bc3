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
import org.junit.jupiter.api.Test;

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
  void aResultThatCannotBeStoredSaysTheOperationRan() {
    flaky.completeFailure = FlakyStore.Failure.UNREACHABLE;
    flaky.failuresLeft.set(1);

    assertThatThrownBy(() -> executor().execute("k", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyResultNotStoredException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("ran, but its result could not be stored");
    assertThat(runs).hasValue(1);
    assertThat(memory.read(executor().scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.IN_PROGRESS);
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

  @Test
  void aNullResultIsRefusedAndReleased() {
    Idempotency<String> idempotency = executor();

    assertThatThrownBy(() -> idempotency.execute("k", FP, () -> null))
        .isInstanceOf(IdempotencyCodecException.class)
        .hasMessageContaining("returned null");
    assertThat(memory.read(idempotency.scopedKey("k"))).isEmpty();
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
