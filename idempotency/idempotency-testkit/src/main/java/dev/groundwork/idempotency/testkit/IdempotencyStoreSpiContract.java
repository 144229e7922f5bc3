package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store SPI's contract: what every {@link IdempotencyStore} must do when called directly —
 * atomic claims, take-overs by compare-and-set, owner- and fence-checked completes and releases,
 * expiry on the store's clock, fences that only grow, batch claims, exact keys and results.
 *
 * <p>Extend it in a test and return a new store from {@link #newStore(ManualClock)}; the store must
 * take its time from the given clock. {@link IdempotencyExecutorContract} adds the executor's
 * behaviour on top, {@link IdempotencyStoreContract} the model-based sequences as well.
 */
public abstract class IdempotencyStoreSpiContract extends StoreContractSupport {

  /** For subclasses, which supply the store. */
  protected IdempotencyStoreSpiContract() {}

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
}
