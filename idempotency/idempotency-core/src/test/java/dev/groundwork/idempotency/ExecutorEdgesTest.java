package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The executor's edges: how many take-overs it tries, the retry-after it reports, what its events
 * carry, and how asynchronous failures reach the failure policy and the events.
 */
class ExecutorEdgesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Fingerprint FP = Fingerprint.ofUtf8("POST /charges amount=100");

  private final AtomicReference<Instant> time = new AtomicReference<>(NOW);
  private final InMemoryIdempotencyStore memory =
      InMemoryIdempotencyStore.builder().clock(time::get).build();
  private final List<IdempotencyEvent> events = new ArrayList<>();

  /**
   * Finds every key held by a lease that ends at the very moment of the call, and loses every
   * take-over to another caller that then holds it the same way: the worst a crowd of retries can
   * do to one caller.
   */
  private static final class AlwaysOutrunStore implements IdempotencyStore {
    final AtomicInteger takeOvers = new AtomicInteger();

    private static ClaimResult heldByAnother(ClaimRequest request, long fence) {
      return new ClaimResult.Existing(
          IdempotencyRecord.inProgress(
              request.key(),
              "other-" + fence,
              fence,
              request.fingerprint(),
              NOW,
              NOW.plus(request.retention())),
          NOW);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
      return heldByAnother(request, 1);
    }

    @Override
    public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
      takeOvers.incrementAndGet();
      return heldByAnother(request, expectedFence + 1);
    }

    @Override
    public MutationResult complete(
        String key, String owner, long fence, byte[] result, Duration retention) {
      return MutationResult.MISSING;
    }

    @Override
    public MutationResult release(String key, String owner, long fence) {
      return MutationResult.MISSING;
    }

    @Override
    public Optional<IdempotencyRecord> read(String key) {
      return Optional.empty();
    }
  }

  @Test
  void aCallerOutrunAtEveryTakeOverGivesUpAfterThreeRoundsAndAsksForASecond() {
    AlwaysOutrunStore store = new AlwaysOutrunStore();
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8()).store(store).listener(events::add).build();
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> idempotency.execute("k", FP, () -> "run " + runs.incrementAndGet()))
        .isInstanceOfSatisfying(
            IdempotencyInProgressException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));

    assertThat(store.takeOvers).as("rounds 1 and 2 try a take-over, round 3 gives up").hasValue(2);
    assertThat(runs).hasValue(0);
    assertThat(events)
        .containsExactly(
            new IdempotencyEvent.InProgressConflict("default::k", Duration.ofSeconds(1)));
  }

  @Test
  void aLiveLeaseIsReportedWithTheTimeLeftOnIt() {
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .lease(Duration.ofSeconds(30))
            .listener(events::add)
            .build();
    CompletableFuture<String> first = new CompletableFuture<>();
    idempotency.executeAsync("k", FP, () -> first);

    assertThatThrownBy(() -> idempotency.execute("k", FP, () -> "second"))
        .isInstanceOfSatisfying(
            IdempotencyInProgressException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    assertThat(events)
        .containsExactly(
            new IdempotencyEvent.InProgressConflict("default::k", Duration.ofSeconds(30)));
  }

  @Test
  void theExecutedEventCarriesTheTimeTheOperationTookOnTheTicker() {
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .ticker(nanos::get)
            .listener(events::add)
            .build();

    idempotency.execute(
        "k",
        FP,
        () -> {
          nanos.addAndGet(7_000_000L);
          return "done";
        });

    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            IdempotencyEvent.Executed.class,
            e -> assertThat(e.took()).isEqualTo(Duration.ofMillis(7)));
  }

  @Test
  void aLostLeaseSaysWhetherARetryWillReplayTheResultThatStands() {
    Idempotency<String> slow =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .lease(Duration.ofSeconds(1))
            .retention(Duration.ofSeconds(2))
            .build();
    Idempotency<String> other = Idempotency.builder(ResultCodec.utf8()).store(memory).build();

    // Taken over while running: the store answers STALE_OWNER, and another record stands.
    assertThatThrownBy(
            () ->
                slow.execute(
                    "taken",
                    FP,
                    () -> {
                      time.set(NOW.plusSeconds(2));
                      other.executeAsync("taken", FP, CompletableFuture::new);
                      return "late";
                    }))
        .isInstanceOf(IdempotencyLeaseLostException.class)
        .hasMessageEndingWith(
            "its result was discarded, and a retry replays the result that stands");

    // Expired while running: the store answers MISSING, and nothing stands.
    assertThatThrownBy(
            () ->
                slow.execute(
                    "expired",
                    FP,
                    () -> {
                      time.set(NOW.plusSeconds(10));
                      return "late";
                    }))
        .isInstanceOf(IdempotencyLeaseLostException.class)
        .hasMessageEndingWith("its result was discarded");
  }

  @Test
  void theReleasedEventSaysWhetherTheKeyWasFreed() {
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8()).store(memory).listener(events::add).build();
    IllegalStateException down = new IllegalStateException("down");

    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "k",
                    FP,
                    () -> {
                      throw down;
                    }))
        .isSameAs(down);
    assertThat(events).containsExactly(new IdempotencyEvent.Released("default::k", down, true));
    events.clear();

    // An operation that outlives its lease and fails: the key is someone else's by then.
    Idempotency<String> shortLease =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .lease(Duration.ofSeconds(1))
            .listener(events::add)
            .build();
    Idempotency<String> other = Idempotency.builder(ResultCodec.utf8()).store(memory).build();
    IllegalStateException late = new IllegalStateException("late");
    assertThatThrownBy(
            () ->
                shortLease.execute(
                    "slow",
                    FP,
                    () -> {
                      time.set(NOW.plusSeconds(2));
                      other.executeAsync("slow", FP, CompletableFuture::new);
                      throw late;
                    }))
        .isSameAs(late);
    assertThat(events).containsExactly(new IdempotencyEvent.Released("default::slow", late, false));
  }

  @Test
  void anAsynchronousFailureReachesThePolicyAndTheEventsUnwrapped() {
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .failurePolicy(
                FailurePolicy.storeWhen(
                    IllegalArgumentException.class::isInstance, e -> "declined: " + e.getMessage()))
            .listener(events::add)
            .build();

    // thenApply wraps what its function throws in a CompletionException.
    IdempotentResult<String> declined =
        idempotency
            .executeAsync(
                "declined",
                FP,
                () ->
                    CompletableFuture.completedFuture("x")
                        .thenApply(
                            x -> {
                              throw new IllegalArgumentException("card expired");
                            }))
            .toCompletableFuture()
            .join();
    CompletableFuture<IdempotentResult<String>> failed =
        idempotency
            .executeAsync(
                "failed",
                FP,
                () ->
                    CompletableFuture.completedFuture("x")
                        .thenApply(
                            x -> {
                              throw new IllegalStateException("down");
                            }))
            .toCompletableFuture();

    assertThat(declined.value()).isEqualTo("declined: card expired");
    assertThatThrownBy(failed::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("down");
    assertThat(events)
        .filteredOn(IdempotencyEvent.Released.class::isInstance)
        .singleElement()
        .isInstanceOfSatisfying(
            IdempotencyEvent.Released.class,
            e -> assertThat(e.failure()).isInstanceOf(IllegalStateException.class));
  }

  @Test
  void anOperationThatThrowsBeforeReturningAStageFailsTheStageAndFreesTheKey() {
    Idempotency<String> idempotency = Idempotency.builder(ResultCodec.utf8()).store(memory).build();

    CompletableFuture<IdempotentResult<String>> failed =
        idempotency
            .executeAsync(
                "k",
                FP,
                () -> {
                  throw new IllegalStateException("no stage");
                })
            .toCompletableFuture();

    assertThatThrownBy(failed::join).cause().hasMessage("no stage");
    assertThat(memory.read(idempotency.scopedKey("k"))).isEmpty();
  }

  @Test
  void aFailurePolicyThatThrowsIsAttachedToTheFailureAndTheKeyIsFreed() {
    IllegalStateException policyBug = new IllegalStateException("policy bug");
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(memory)
            .failurePolicy(
                failure -> {
                  throw policyBug;
                })
            .build();

    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "k",
                    FP,
                    () -> {
                      throw new IllegalArgumentException("declined");
                    }))
        .hasMessage("declined")
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(policyBug));
    assertThat(memory.read(idempotency.scopedKey("k"))).isEmpty();
  }
}
