package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.groundwork.idempotency.FailurePolicy;
import dev.groundwork.idempotency.Fingerprint;
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
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link IdempotencyStore} must have, checked through the store's SPI and
 * through the {@link Idempotency} executor on top of it.
 *
 * <p>Extend this class in a test, return a new store from {@link #newStore(ManualClock)}, and run
 * it with JUnit 5; the model-based part is a JUnit test too, driven by QuickTheories. The store
 * must take its time from the given clock, so that the suite can move time by hand. Each test uses
 * its own key namespace, so one store may be shared by several tests.
 */
public abstract class IdempotencyStoreContract {

  /** The lease the suite uses. */
  protected static final Duration LEASE = Duration.ofSeconds(10);

  /** The retention the suite uses. */
  protected static final Duration RETENTION = Duration.ofMinutes(10);

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final Fingerprint FP_A = Fingerprint.ofUtf8("request A");
  private static final Fingerprint FP_B = Fingerprint.ofUtf8("request B");

  /** The clock of the current test's store. */
  protected final ManualClock clock = new ManualClock();

  private @Nullable IdempotencyStore store;
  private String namespace = "unset";

  /** For subclasses, which supply the store. */
  protected IdempotencyStoreContract() {}

  /**
   * Makes a store whose clock is {@code clock}. Called once per test and once per sequence of the
   * model-based test.
   *
   * @param clock the time the store must use for leases and expiry
   * @return a store, empty at least for the keys of the namespace the test will use
   */
  protected abstract IdempotencyStore newStore(ManualClock clock);

  /**
   * How many threads the race tests use. Default 16.
   *
   * @return at least 2
   */
  protected int raceThreads() {
    return 16;
  }

  @BeforeEach
  void openStore() {
    store = newStore(clock);
    namespace = newNamespace();
  }

  @AfterEach
  void closeStore() throws Exception {
    IdempotencyStore s = store;
    if (s != null) {
      s.close();
    }
  }

  /**
   * The current test's store.
   *
   * @return the store made for this test
   */
  protected final IdempotencyStore store() {
    IdempotencyStore s = store;
    if (s == null) {
      throw new IllegalStateException("the store is made before each test");
    }
    return s;
  }

  /**
   * Removes the expired records the store still holds, as its own cleanup would (a sweep, an
   * eviction, a server-side expiry). The default does nothing; a store that can drop expired
   * records on demand overrides it, so that {@link
   * #aFreshClaimsFenceIsAboveEveryEarlierFenceOfTheKeyEvenAfterCleanup} covers its cleanup.
   */
  protected void removeExpiredRecords() {}

  /**
   * A key in this test's namespace.
   *
   * @param name a short name
   * @return a scoped key no other test uses
   */
  protected final String key(String name) {
    return namespace + "::" + name;
  }

  private static String newNamespace() {
    return "c"
        + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36)
        + "-"
        + NAMESPACES.incrementAndGet();
  }

  private ClaimRequest request(String key, String owner, Fingerprint fp) {
    return new ClaimRequest(key, owner, fp, LEASE, RETENTION);
  }

  private <T> Idempotency.Builder<T> executor(ResultCodec<T> codec) {
    return Idempotency.builder(codec)
        .store(store())
        .namespace(namespace)
        .lease(LEASE)
        .retention(RETENTION);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- the store's SPI ----------------------------------------------------------------------

  @Test
  void claimOfAFreeKeyCreatesAnInProgressRecordWithTheStoreTimes() {
    Instant now = clock.instant();
    ClaimResult result = store().claim(request(key("k"), "owner-1", FP_A));

    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    IdempotencyRecord record = result.record();
    assertThat(record.key()).isEqualTo(key("k"));
    assertThat(record.state()).isEqualTo(RecordState.IN_PROGRESS);
    assertThat(record.owner()).isEqualTo("owner-1");
    assertThat(record.fence()).isGreaterThanOrEqualTo(1);
    assertThat(record.fingerprint()).isEqualTo(FP_A);
    assertThat(record.leaseDeadline()).isEqualTo(now.plus(LEASE));
    assertThat(record.expiresAt()).isEqualTo(now.plus(RETENTION));
    assertThat(record.result()).isNull();
    assertThat(result.observedAt()).isEqualTo(now);
    assertThat(store().read(key("k"))).contains(record);
  }

  @Test
  void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
    int threads = raceThreads();
    List<ClaimResult> results =
        race(threads, i -> store().claim(request(key("race"), "owner-" + i, FP_A)));

    List<ClaimResult> winners =
        results.stream().filter(r -> r instanceof ClaimResult.Claimed).toList();
    assertThat(winners).hasSize(1);
    String winner = winners.get(0).record().owner();
    assertThat(results)
        .filteredOn(r -> r instanceof ClaimResult.Existing)
        .hasSize(threads - 1)
        .allSatisfy(r -> assertThat(r.record().owner()).isEqualTo(winner));
  }

  @Test
  void claimRetriedWithTheSameOwnerTokenIsRecognisedAsItsOwn() {
    ClaimResult first = store().claim(request(key("k"), "owner-1", FP_A));
    clock.advance(Duration.ofSeconds(1));
    ClaimResult retried = store().claim(request(key("k"), "owner-1", FP_A));

    assertThat(retried).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(retried.record()).isEqualTo(first.record());
  }

  @Test
  void claimOfAHeldKeyReturnsTheExistingRecordInTheSameCall() {
    ClaimResult first = store().claim(request(key("k"), "owner-1", FP_A));
    ClaimResult second = store().claim(request(key("k"), "owner-2", FP_B));

    assertThat(second).isInstanceOf(ClaimResult.Existing.class);
    assertThat(second.record()).isEqualTo(first.record());
  }

  @Test
  void claimOfACompletedKeyReturnsTheStoredResult() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    assertThat(store().complete(key("k"), "owner-1", held.fence(), utf8("done"), RETENTION))
        .isEqualTo(MutationResult.APPLIED);

    ClaimResult again = store().claim(request(key("k"), "owner-2", FP_A));

    assertThat(again).isInstanceOf(ClaimResult.Existing.class);
    assertThat(again.record().state()).isEqualTo(RecordState.COMPLETED);
    assertThat(again.record().result()).isEqualTo(utf8("done"));
    assertThat(again.record().owner()).isEqualTo("owner-1");
  }

  @Test
  void claimNeverTakesOverAnExpiredLease() {
    store().claim(request(key("k"), "owner-1", FP_A));
    clock.advance(LEASE.plusMillis(1));

    ClaimResult result = store().claim(request(key("k"), "owner-2", FP_A));

    assertThat(result).isInstanceOf(ClaimResult.Existing.class);
    assertThat(result.record().owner()).isEqualTo("owner-1");
    assertThat(result.record().isLeaseExpiredAt(result.observedAt())).isTrue();
  }

  @Test
  void takeOverOfALiveLeaseIsRefused() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    clock.advance(LEASE.minusMillis(1));

    ClaimResult result =
        store().takeOver(request(key("k"), "owner-2", FP_A), "owner-1", held.fence());

    assertThat(result).isInstanceOf(ClaimResult.Existing.class);
    assertThat(result.record()).isEqualTo(held);
  }

  @Test
  void takeOverAtTheLeaseDeadlineMovesTheFenceForward() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    clock.advance(LEASE);

    ClaimResult result =
        store().takeOver(request(key("k"), "owner-2", FP_A), "owner-1", held.fence());

    assertThat(result).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(result.record().owner()).isEqualTo("owner-2");
    assertThat(result.record().fence()).isEqualTo(held.fence() + 1);
    assertThat(result.record().leaseDeadline()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(result.record().fingerprint()).isEqualTo(FP_A);
  }

  /**
   * Fences only grow for a key, across records (issue 17): the in-memory store restarted at 1 once
   * the expired record was evicted, so a holder of an old fence could pass a fencing check
   * downstream against the new holder. Checked after the store's cleanup has removed the record.
   */
  @Test
  void aFreshClaimsFenceIsAboveEveryEarlierFenceOfTheKeyEvenAfterCleanup() {
    IdempotencyRecord first = store().claim(request(key("k"), "owner-1", FP_A)).record();
    clock.advance(LEASE);
    IdempotencyRecord taken =
        store().takeOver(request(key("k"), "owner-2", FP_A), "owner-1", first.fence()).record();
    assertThat(store().complete(key("k"), "owner-2", taken.fence(), utf8("r"), RETENTION))
        .isEqualTo(MutationResult.APPLIED);
    clock.advance(RETENTION.plusSeconds(1));
    removeExpiredRecords();

    ClaimResult again = store().claim(request(key("k"), "owner-3", FP_A));

    assertThat(again).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(again.record().fence()).isGreaterThan(taken.fence()).isGreaterThan(first.fence());
  }

  @Test
  void racingTakeOversOfOneExpiredLeaseHaveExactlyOneWinner() throws Exception {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-0", FP_A)).record();
    clock.advance(LEASE.plusSeconds(1));
    int threads = raceThreads();

    List<ClaimResult> results =
        race(
            threads,
            i -> store().takeOver(request(key("k"), "taker-" + i, FP_A), "owner-0", held.fence()));

    List<ClaimResult> winners =
        results.stream().filter(r -> r instanceof ClaimResult.Claimed).toList();
    assertThat(winners).hasSize(1);
    IdempotencyRecord won = winners.get(0).record();
    assertThat(won.fence()).isEqualTo(held.fence() + 1);
    assertThat(results)
        .filteredOn(r -> r instanceof ClaimResult.Existing)
        .allSatisfy(r -> assertThat(r.record().owner()).isEqualTo(won.owner()));
  }

  @Test
  void aStaleOwnerCannotCompleteOrReleaseAfterATakeOver() {
    IdempotencyRecord stale = store().claim(request(key("k"), "owner-1", FP_A)).record();
    clock.advance(LEASE);
    IdempotencyRecord winner =
        store().takeOver(request(key("k"), "owner-2", FP_A), "owner-1", stale.fence()).record();

    assertThat(store().complete(key("k"), "owner-1", stale.fence(), utf8("stale"), RETENTION))
        .isEqualTo(MutationResult.STALE_OWNER);
    assertThat(store().release(key("k"), "owner-1", stale.fence()))
        .isEqualTo(MutationResult.STALE_OWNER);
    assertThat(store().complete(key("k"), "owner-2", winner.fence(), utf8("winner"), RETENTION))
        .isEqualTo(MutationResult.APPLIED);
    assertThat(store().complete(key("k"), "owner-1", stale.fence(), utf8("stale"), RETENTION))
        .isEqualTo(MutationResult.STALE_OWNER);

    IdempotencyRecord stored = store().read(key("k")).orElseThrow();
    assertThat(stored.state()).isEqualTo(RecordState.COMPLETED);
    assertThat(stored.result()).isEqualTo(utf8("winner"));
  }

  @Test
  void theRightOwnerWithAnOldFenceIsStale() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();

    assertThat(store().complete(key("k"), "owner-1", held.fence() + 1, utf8("x"), RETENTION))
        .isEqualTo(MutationResult.STALE_OWNER);
    assertThat(store().release(key("k"), "owner-1", held.fence() + 1))
        .isEqualTo(MutationResult.STALE_OWNER);
    assertThat(store().read(key("k"))).contains(held);
  }

  @Test
  void aRepeatedCompleteBySameOwnerIsAppliedOnceAndKeepsTheFirstResult() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    Instant completedAt = clock.instant();
    assertThat(store().complete(key("k"), "owner-1", held.fence(), utf8("first"), RETENTION))
        .isEqualTo(MutationResult.APPLIED);
    clock.advance(Duration.ofSeconds(1));

    assertThat(store().complete(key("k"), "owner-1", held.fence(), utf8("second"), RETENTION))
        .isEqualTo(MutationResult.APPLIED);

    IdempotencyRecord stored = store().read(key("k")).orElseThrow();
    assertThat(stored.result()).isEqualTo(utf8("first"));
    assertThat(stored.expiresAt()).isEqualTo(completedAt.plus(RETENTION));
  }

  @Test
  void releaseFreesTheKeyForTheNextClaim() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();

    assertThat(store().release(key("k"), "owner-1", held.fence()))
        .isEqualTo(MutationResult.APPLIED);
    assertThat(store().read(key("k"))).isEmpty();
    assertThat(store().release(key("k"), "owner-1", held.fence()))
        .isEqualTo(MutationResult.MISSING);
    assertThat(store().claim(request(key("k"), "owner-2", FP_B)))
        .isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  void aCompletedRecordIsNeverReleased() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    store().complete(key("k"), "owner-1", held.fence(), utf8("done"), RETENTION);

    assertThat(store().release(key("k"), "owner-1", held.fence()))
        .isEqualTo(MutationResult.STALE_OWNER);
    assertThat(store().read(key("k"))).isPresent();
  }

  @Test
  void mutationsOfAnAbsentKeyReportMissing() {
    assertThat(store().complete(key("none"), "owner-1", 1, utf8("x"), RETENTION))
        .isEqualTo(MutationResult.MISSING);
    assertThat(store().release(key("none"), "owner-1", 1)).isEqualTo(MutationResult.MISSING);
    assertThat(store().read(key("none"))).isEmpty();
  }

  @Test
  void aRecordCountsUntilJustBeforeItsExpiryAndNotAtIt() {
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    Instant completedAt = clock.advance(Duration.ofSeconds(2));
    store().complete(key("k"), "owner-1", held.fence(), utf8("done"), RETENTION);

    clock.advance(RETENTION.minusMillis(1));
    assertThat(store().read(key("k"))).isPresent();
    assertThat(store().claim(request(key("k"), "owner-2", FP_A)))
        .isInstanceOf(ClaimResult.Existing.class);

    clock.advance(Duration.ofMillis(1));
    assertThat(clock.instant()).isEqualTo(completedAt.plus(RETENTION));
    assertThat(store().read(key("k"))).isEmpty();
    ClaimResult after = store().claim(request(key("k"), "owner-2", FP_B));
    assertThat(after).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(after.record().owner()).isEqualTo("owner-2");
    assertThat(after.record().result()).as("the expired record's result is gone").isNull();
    assertThat(store().read(key("k")).orElseThrow().result()).isNull();
    assertThat(store().complete(key("k"), "owner-1", held.fence(), utf8("late"), RETENTION))
        .isEqualTo(MutationResult.STALE_OWNER);
  }

  @Test
  void leasesAndRetentionsKeepTheirMilliseconds() {
    Instant claimedAt = clock.instant();
    ClaimRequest fractional =
        new ClaimRequest(
            key("k"), "owner-1", FP_A, Duration.ofMillis(1_500), Duration.ofMillis(2_250));
    IdempotencyRecord held = store().claim(fractional).record();
    assertThat(held.leaseDeadline()).isEqualTo(claimedAt.plusMillis(1_500));
    assertThat(held.expiresAt()).isEqualTo(claimedAt.plusMillis(2_250));

    Instant completedAt = clock.advance(Duration.ofMillis(250));
    store().complete(key("k"), "owner-1", held.fence(), utf8("done"), Duration.ofMillis(3_750));
    assertThat(store().read(key("k")).orElseThrow().expiresAt())
        .isEqualTo(completedAt.plusMillis(3_750));
    clock.advance(Duration.ofMillis(3_749));
    assertThat(store().read(key("k"))).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(store().read(key("k"))).isEmpty();
  }

  @Test
  void anAbandonedInProgressRecordExpiresToo() {
    store().claim(request(key("k"), "owner-1", FP_A));
    clock.advance(RETENTION);

    assertThat(store().read(key("k"))).isEmpty();
    assertThat(store().claim(request(key("k"), "owner-2", FP_B)))
        .isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  void batchClaimAnswersEachKeyInOrder() {
    store().claim(request(key("b"), "someone-else", FP_B));
    List<ClaimRequest> batch =
        List.of(
            request(key("a"), "owner-1", FP_A),
            request(key("b"), "owner-1", FP_A),
            request(key("c"), "owner-1", FP_A));

    List<ClaimResult> results = store().claimAll(batch);

    assertThat(results).hasSize(3);
    assertThat(results.get(0)).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(results.get(1)).isInstanceOf(ClaimResult.Existing.class);
    assertThat(results.get(1).record().owner()).isEqualTo("someone-else");
    assertThat(results.get(2)).isInstanceOf(ClaimResult.Claimed.class);
    assertThat(results.get(2).record().key()).isEqualTo(key("c"));
  }

  @Test
  void largeAndBinaryResultsAreStoredExactly() {
    byte[] result = new byte[256 * 1024];
    for (int i = 0; i < result.length; i++) {
      result[i] = (byte) (i * 31);
    }
    IdempotencyRecord held = store().claim(request(key("k"), "owner-1", FP_A)).record();
    store().complete(key("k"), "owner-1", held.fence(), result, RETENTION);

    assertThat(store().read(key("k")).orElseThrow().result()).isEqualTo(result);
  }

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

  // ---- the stateful model -------------------------------------------------------------------

  /**
   * Random sequences of up to 40 claims, take-overs, completes, releases, reads and clock moves by
   * three owners on two keys, each step checked against a simple model of the store's rules. 200
   * sequences; a failing one is cut down to a shortest failing sequence ({@link Sequences}) and the
   * message ends with the seed that reproduces the run ({@code -DQT_SEED=...}).
   */
  @Test
  void storeAgreesWithTheModel() {
    qt().withExamples(200)
        .withShrinkCycles(0) // Sequences removes steps instead, once
        .forAll(ModelStore.sequences(40))
        .checkAssert(ops -> Sequences.check(ops, this::runAgainstTheModel));
  }

  private void runAgainstTheModel(List<ModelStore.Op> ops) {
    ManualClock modelClock = new ManualClock();
    String ns = newNamespace();
    try (IdempotencyStore s = newStore(modelClock)) {
      ModelStore model = new ModelStore(s, modelClock, ns, LEASE, RETENTION);
      for (ModelStore.Op op : ops) {
        model.apply(op);
      }
    } catch (Exception e) {
      throw new AssertionError("the store failed to close", e);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Runs {@code task(i)} on {@code threads} threads released together; returns their results. */
  private static <R> List<R> race(int threads, Function<Integer, R> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<R>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.apply(n);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<R> results = new ArrayList<>();
      for (Future<R> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
