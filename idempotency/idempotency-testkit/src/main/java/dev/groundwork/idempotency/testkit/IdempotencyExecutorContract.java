package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.FailurePolicy;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyEvent;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotencyKeyReuseException;
import dev.groundwork.idempotency.IdempotencyLeaseLostException;
import dev.groundwork.idempotency.IdempotencyResultNotStoredException;
import dev.groundwork.idempotency.IdempotentConsumer;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.InvalidIdempotencyKeyException;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.StoredResponse;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The SPI's contract and, on top of it, what the {@link Idempotency} executor does over the store:
 * one run for concurrent first requests, replays, key reuse, take-overs, failure policies, tenants,
 * key validation, codecs, results that cannot be stored, the asynchronous form and the idempotent
 * consumer.
 */
public abstract class IdempotencyExecutorContract extends IdempotencyStoreSpiContract {

  /** For subclasses, which supply the store. */
  protected IdempotencyExecutorContract() {}

  // ---- through the executor -----------------------------------------------------------------

  @Test
  void concurrentFirstRequestsRunTheOperationExactlyOnce() throws Exception {
    int threads = raceThreads();
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    AtomicInteger executions = new AtomicInteger();
    CountDownLatch othersDone = new CountDownLatch(threads - 1);
    List<Object> outcomes = new CopyOnWriteArrayList<>();

    race(
        threads,
        i -> {
          try {
            IdempotentResult<String> r =
                idempotency.execute(
                    "pay-1",
                    FP_A,
                    () -> {
                      executions.incrementAndGet();
                      // Hold the key until every other caller has tried it, so they truly overlap.
                      assertThat(othersDone.await(30, TimeUnit.SECONDS)).isTrue();
                      return "charged";
                    });
            outcomes.add(r.replayed() ? "replay" : "fresh");
          } catch (IdempotencyInProgressException e) {
            outcomes.add("in-progress");
            othersDone.countDown();
          }
          return i;
        });

    assertThat(executions).hasValue(1);
    assertThat(Collections.frequency(outcomes, "fresh")).isEqualTo(1);
    assertThat(Collections.frequency(outcomes, "in-progress")).isEqualTo(threads - 1);
    assertThat(idempotency.execute("pay-1", FP_A, () -> "again"))
        .isEqualTo(new IdempotentResult<>("charged", true, "pay-1"));
    assertThat(executions).hasValue(1);
  }

  @Test
  void aDifferentRequestWithAKeyInProgressIsKeyReuse() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    CompletableFuture<String> running = new CompletableFuture<>();
    CompletionStage<IdempotentResult<String>> first =
        idempotency.executeAsync("k", FP_A, () -> running);

    assertThatThrownBy(() -> idempotency.execute("k", FP_B, () -> "other"))
        .isInstanceOf(IdempotencyKeyReuseException.class)
        .hasMessageContaining("different request");
    assertThatThrownBy(() -> idempotency.execute("k", FP_A, () -> "same"))
        .isInstanceOfSatisfying(
            IdempotencyInProgressException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(LEASE);
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.isRetryable()).isTrue();
            });

    running.complete("done");
    assertThat(first.toCompletableFuture().join().value()).isEqualTo("done");
  }

  @Test
  void aDifferentRequestWithACompletedKeyIsKeyReuse() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    idempotency.execute("k", FP_A, () -> "done");
    AtomicInteger ran = new AtomicInteger();

    assertThatThrownBy(() -> idempotency.execute("k", FP_B, () -> "ran-" + ran.incrementAndGet()))
        .isInstanceOfSatisfying(
            IdempotencyKeyReuseException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.key()).isEqualTo("k");
            });
    assertThat(ran).hasValue(0);
  }

  @Test
  void aResultIsReplayedJustBeforeExpiryAndRunsAgainAtIt() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    AtomicInteger runs = new AtomicInteger();
    idempotency.execute("k", FP_A, () -> "run-" + runs.incrementAndGet());

    clock.advance(RETENTION.minusMillis(1));
    IdempotentResult<String> before =
        idempotency.execute("k", FP_A, () -> "run-" + runs.incrementAndGet());
    clock.advance(Duration.ofMillis(1));
    IdempotentResult<String> after =
        idempotency.execute("k", FP_A, () -> "run-" + runs.incrementAndGet());

    assertThat(before).isEqualTo(new IdempotentResult<>("run-1", true, "k"));
    assertThat(after).isEqualTo(new IdempotentResult<>("run-2", false, "k"));
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheSlowOwnersResultIsDiscarded() {
    List<IdempotencyEvent> events = new CopyOnWriteArrayList<>();
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).listener(events::add).build();
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletionStage<IdempotentResult<String>> slowCaller =
        idempotency.executeAsync("k", FP_A, () -> slow);

    clock.advance(LEASE);
    IdempotentResult<String> taker = idempotency.execute("k", FP_A, () -> "taker");
    slow.complete("slow");

    assertThat(taker).isEqualTo(new IdempotentResult<>("taker", false, "k"));
    assertThat(slowCaller.toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IdempotencyLeaseLostException.class);
    assertThat(idempotency.execute("k", FP_A, () -> "third").value()).isEqualTo("taker");
    assertThat(events)
        .hasAtLeastOneElementOfType(IdempotencyEvent.LeaseTakenOver.class)
        .hasAtLeastOneElementOfType(IdempotencyEvent.StaleOwnerRejected.class);
  }

  @Test
  void aFailureReleasesTheKeySoARetryRunsAgain() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "k",
                    FP_A,
                    () -> {
                      runs.incrementAndGet();
                      throw new IllegalStateException("payment gateway timed out");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("payment gateway timed out");
    assertThat(store().read(idempotency.scopedKey("k"))).isEmpty();

    IdempotentResult<String> retry =
        idempotency.execute("k", FP_A, () -> "ok-" + runs.incrementAndGet());
    assertThat(retry).isEqualTo(new IdempotentResult<>("ok-2", false, "k"));
  }

  @Test
  void aTerminalFailureIsStoredAndReplayed() {
    Idempotency<String> idempotency =
        executor(ResultCodec.utf8())
            .failurePolicy(
                FailurePolicy.storeWhen(
                    e -> e instanceof IllegalArgumentException, e -> "declined: " + e.getMessage()))
            .build();
    AtomicInteger runs = new AtomicInteger();

    IdempotentResult<String> first =
        idempotency.execute(
            "k",
            FP_A,
            () -> {
              runs.incrementAndGet();
              throw new IllegalArgumentException("card declined");
            });
    IdempotentResult<String> retry =
        idempotency.execute("k", FP_A, () -> "charged-" + runs.incrementAndGet());

    assertThat(first).isEqualTo(new IdempotentResult<>("declined: card declined", false, "k"));
    assertThat(retry).isEqualTo(new IdempotentResult<>("declined: card declined", true, "k"));
    assertThat(runs).hasValue(1);
  }

  @Test
  void storeEveryOutcomeKeepsEvenUnexpectedFailures() {
    Idempotency<String> idempotency =
        executor(ResultCodec.utf8())
            .failurePolicy(FailurePolicy.storeEveryOutcome(e -> "error: " + e.getMessage()))
            .build();

    idempotency.execute(
        "k",
        FP_A,
        () -> {
          throw new java.io.IOException("disk full");
        });

    assertThat(idempotency.execute("k", FP_A, () -> "ok"))
        .isEqualTo(new IdempotentResult<>("error: disk full", true, "k"));
  }

  @Test
  void tenantsNeverSeeEachOthersResults() {
    Idempotency<String> base = executor(ResultCodec.utf8()).build();
    Idempotency<String> acme = base.forTenant("acme");
    Idempotency<String> globex = base.forTenant("globex");

    assertThat(acme.execute("order-1", FP_A, () -> "acme").replayed()).isFalse();
    assertThat(globex.execute("order-1", FP_B, () -> "globex").replayed()).isFalse();
    assertThat(base.execute("order-1", FP_B, () -> "none").replayed()).isFalse();

    assertThat(acme.execute("order-1", FP_A, () -> "x").value()).isEqualTo("acme");
    assertThat(globex.execute("order-1", FP_B, () -> "x").value()).isEqualTo("globex");
    assertThat(acme.scopedKey("order-1")).isNotEqualTo(globex.scopedKey("order-1"));
  }

  @Test
  void badKeysAreRefusedBeforeAnythingIsStored() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).maxKeyLength(16).build();
    AtomicInteger runs = new AtomicInteger();
    List<@Nullable String> badKeys = new ArrayList<>();
    badKeys.add(null);
    badKeys.add("");
    badKeys.add("   ");
    badKeys.add("x".repeat(17));
    badKeys.add("tab\tinside");

    for (String bad : badKeys) {
      @SuppressWarnings("NullAway") // refusing null is what is tested
      String key = bad;
      assertThatThrownBy(
              () -> idempotency.execute(key, FP_A, () -> "ran-" + runs.incrementAndGet()))
          .isInstanceOfSatisfying(
              InvalidIdempotencyKeyException.class,
              e -> {
                assertThat(e.httpStatus()).isEqualTo(400);
                assertThat(e.isRetryable()).isFalse();
              });
    }
    assertThat(runs).hasValue(0);
    assertThat(store().read(namespace + "::" + "x".repeat(17))).isEmpty();
    assertThat(idempotency.execute("x".repeat(16), FP_A, () -> "ok").value()).isEqualTo("ok");
  }

  @Test
  void everyBuiltInCodecRoundTripsThroughTheStore() {
    Idempotency<String> text = executor(ResultCodec.utf8()).build();
    String unicode = "reçu ✓ 支付 \uD83D\uDCB3";
    text.execute("text", FP_A, () -> unicode);
    assertThat(text.execute("text", FP_A, () -> "other"))
        .isEqualTo(new IdempotentResult<>(unicode, true, "text"));

    Idempotency<byte[]> bytes = executor(ResultCodec.bytes()).build();
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    bytes.execute("bytes", FP_A, () -> all);
    IdempotentResult<byte[]> replayedBytes = bytes.execute("bytes", FP_A, () -> new byte[0]);
    assertThat(replayedBytes.replayed()).isTrue();
    assertThat(replayedBytes.value()).isEqualTo(all);

    Idempotency<StoredResponse> http = executor(ResultCodec.storedResponse()).build();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("Set-Cookie", List.of("a=1", "b=2"));
    headers.put("X-Empty", List.of());
    StoredResponse response = new StoredResponse(201, headers, utf8("{\"id\":\"ch_1\"}"));
    http.execute("http", FP_A, () -> response);
    IdempotentResult<StoredResponse> replayedHttp =
        http.execute("http", FP_A, () -> StoredResponse.ofText(500, "must not run"));
    assertThat(replayedHttp.replayed()).isTrue();
    assertThat(replayedHttp.value()).isEqualTo(response);
    assertThat(replayedHttp.value().headers().keySet())
        .containsExactly("Content-Type", "Set-Cookie", "X-Empty");
  }

  /**
   * The operation ran before its result failed to encode: the key stays in progress, so a retry
   * inside the lease does not run it again (issue 17; the key used to be released).
   */
  @Test
  void aCodecThatCannotEncodeKeepsTheKeyInProgress() {
    ResultCodec<String> broken =
        new ResultCodec<>() {
          @Override
          public byte[] encode(String result) {
            throw new IllegalStateException("cannot encode " + result);
          }

          @Override
          public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
          }
        };
    Idempotency<String> idempotency = executor(broken).build();
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> idempotency.execute("k", FP_A, () -> "value" + runs.incrementAndGet()))
        .isInstanceOf(IdempotencyResultNotStoredException.class)
        .hasMessageContaining("could not encode")
        .hasRootCauseMessage("cannot encode value1");
    assertThatThrownBy(() -> idempotency.execute("k", FP_A, () -> "value" + runs.incrementAndGet()))
        .isInstanceOf(IdempotencyInProgressException.class);
    assertThat(runs).hasValue(1);
    assertThat(store().read(idempotency.scopedKey("k")).orElseThrow().state())
        .isEqualTo(RecordState.IN_PROGRESS);
  }

  /**
   * A stored key identifies exactly one scoped key (issue 17): keys that differ only in trailing
   * spaces, case or a supplementary character are separate records, and the longest key the store
   * declares it keeps ({@link IdempotencyStore#maxKeyBytes()}) is kept whole, in 3-byte and 1-byte
   * characters; one byte more is refused as client input before the store sees it.
   */
  @Test
  void keysAreKeptExactlyUpToTheStoresLimit() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).maxKeyLength(1024).build();
    int prefix = idempotency.scopedKey("x").length() - 1;
    int limit = Math.min(store().maxKeyBytes(), prefix + 3 * 1024);
    List<String> keys = new ArrayList<>();
    keys.addAll(
        List.of("pad", "pad ", "pad  ", "Pad", "x\uD83D\uDE00", "x\uD83D\uDE01", "é", "e\u0301"));
    int euros = (limit - prefix) / 3;
    keys.add("€".repeat(euros) + "a".repeat(limit - prefix - 3 * euros));
    keys.add("a".repeat(Math.min(1024, limit - prefix)));
    for (String key : keys) {
      assertThat(idempotency.execute(key, FP_A, () -> "for " + key).value())
          .as(key)
          .isEqualTo("for " + key);
    }
    for (String key : keys) {
      IdempotentResult<String> replay = idempotency.execute(key, FP_A, () -> "again");
      assertThat(replay.replayed()).as(key).isTrue();
      assertThat(replay.value()).as(key).isEqualTo("for " + key);
      assertThat(store().read(idempotency.scopedKey(key)).orElseThrow().key())
          .isEqualTo(idempotency.scopedKey(key));
    }
    if (store().maxKeyBytes() < prefix + 3 * 1024) {
      String over = "€".repeat(euros) + "a".repeat(limit - prefix - 3 * euros + 1);
      assertThatThrownBy(() -> idempotency.execute(over, FP_A, () -> "too long"))
          .isInstanceOf(InvalidIdempotencyKeyException.class)
          .hasMessageContaining("at most " + store().maxKeyBytes());
    }
  }

  @Test
  void theAsynchronousFormRunsOnceAndReplays() {
    Idempotency<String> idempotency = executor(ResultCodec.utf8()).build();
    AtomicInteger runs = new AtomicInteger();

    IdempotentResult<String> first =
        idempotency
            .executeAsync(
                "k", FP_A, () -> CompletableFuture.supplyAsync(() -> "r" + runs.incrementAndGet()))
            .toCompletableFuture()
            .join();
    IdempotentResult<String> second =
        idempotency
            .executeAsync(
                "k", FP_A, () -> CompletableFuture.completedFuture("r" + runs.incrementAndGet()))
            .toCompletableFuture()
            .join();

    assertThat(first).isEqualTo(new IdempotentResult<>("r1", false, "k"));
    assertThat(second).isEqualTo(new IdempotentResult<>("r1", true, "k"));
    assertThat(runs).hasValue(1);
  }

  @Test
  void anIdempotentConsumerProcessesEachMessageOnce() {
    IdempotentConsumer consumer = IdempotentConsumer.of(executor(ResultCodec.utf8()).build());
    List<String> applied = new ArrayList<>();

    assertThat(consumer.process("msg-1", () -> applied.add("msg-1"))).isTrue();
    assertThat(consumer.process("msg-1", () -> applied.add("msg-1 again"))).isFalse();
    assertThatThrownBy(
            () ->
                consumer.process(
                    "msg-2",
                    () -> {
                      throw new java.io.IOException("broker hiccup");
                    }))
        .hasRootCauseMessage("broker hiccup");
    assertThat(consumer.process("msg-2", () -> applied.add("msg-2"))).isTrue();

    assertThat(applied).containsExactly("msg-1", "msg-2");
  }
}
