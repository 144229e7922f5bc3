package dev.groundwork.idempotency.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store: every mutation is one {@code compute} on Caffeine's map, which runs
 * atomically per key. A live completed record is answered from a plain read, so replays take no
 * lock.
 */
public final class CaffeineIdempotencyStore implements InMemoryIdempotencyStore {

  private final InstantSource clock;
  private final Cache<String, IdempotencyRecord> cache;
  private final ConcurrentMap<String, IdempotencyRecord> map;

  /**
   * Creates a store.
   *
   * @param maximumSize the most completed records kept
   * @param clock the store's clock
   */
  public CaffeineIdempotencyStore(long maximumSize, InstantSource clock) {
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .ticker(() -> epochNanos(clock.instant()))
            .expireAfter(new RecordExpiry())
            // In-progress records weigh nothing, so size eviction never removes a held key.
            .maximumWeight(maximumSize)
            .weigher(
                (String key, IdempotencyRecord r) -> r.state() == RecordState.COMPLETED ? 1 : 0)
            .build();
    this.map = cache.asMap();
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    Instant now = clock.instant();
    IdempotencyRecord current = map.get(request.key());
    if (current != null && current.state() == RecordState.COMPLETED && !current.isExpiredAt(now)) {
      return new ClaimResult.Existing(current, now);
    }
    return claimOrTakeOver(request, now, null, 0);
  }

  @Override
  public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
    return claimOrTakeOver(request, clock.instant(), expectedOwner, expectedFence);
  }

  /**
   * One atomic step for both calls: a free or expired key is claimed; with an expected holder whose
   * lease has run out, the key is taken over at the next fence; otherwise the caller's own earlier
   * claim or the existing record comes back.
   */
  private ClaimResult claimOrTakeOver(
      ClaimRequest request, Instant now, @Nullable String expectedOwner, long expectedFence) {
    ClaimResult[] out = new ClaimResult[1];
    map.compute(
        request.key(),
        (key, cur) -> {
          if (cur == null || cur.isExpiredAt(now)) {
            IdempotencyRecord fresh = newClaim(request, cur, now);
            out[0] = new ClaimResult.Claimed(fresh, now);
            return fresh;
          }
          if (expectedOwner != null
              && cur.isHeldBy(expectedOwner, expectedFence)
              && cur.isLeaseExpiredAt(now)) {
            Instant leaseDeadline = now.plus(request.lease());
            IdempotencyRecord taken =
                IdempotencyRecord.inProgress(
                    key,
                    request.owner(),
                    cur.fence() + 1,
                    cur.fingerprint(),
                    leaseDeadline,
                    later(cur.expiresAt(), leaseDeadline));
            out[0] = new ClaimResult.Claimed(taken, now);
            return taken;
          }
          out[0] = ownClaimOrExisting(request, cur, now);
          return cur;
        });
    return result(out);
  }

  @Override
  public MutationResult complete(
      String key, String owner, long fence, byte[] result, Duration retention) {
    Instant now = clock.instant();
    MutationResult[] out = {MutationResult.MISSING};
    map.computeIfPresent(
        key,
        (k, cur) -> {
          if (cur.isExpiredAt(now)) {
            out[0] = MutationResult.MISSING;
            return null;
          }
          if (!cur.isHeldBy(owner, fence)) {
            out[0] = MutationResult.STALE_OWNER;
            return cur;
          }
          out[0] = MutationResult.APPLIED;
          if (cur.state() == RecordState.COMPLETED) {
            return cur; // a repeated complete after a lost reply
          }
          return IdempotencyRecord.completed(
              k, owner, fence, cur.fingerprint(), now, now.plus(retention), result);
        });
    return out[0];
  }

  @Override
  public MutationResult release(String key, String owner, long fence) {
    Instant now = clock.instant();
    MutationResult[] out = {MutationResult.MISSING};
    map.computeIfPresent(
        key,
        (k, cur) -> {
          if (cur.isExpiredAt(now)) {
            out[0] = MutationResult.MISSING;
            return null;
          }
          if (cur.state() == RecordState.IN_PROGRESS && cur.isHeldBy(owner, fence)) {
            out[0] = MutationResult.APPLIED;
            return null;
          }
          out[0] = MutationResult.STALE_OWNER;
          return cur;
        });
    return out[0];
  }

  @Override
  public Optional<IdempotencyRecord> read(String key) {
    IdempotencyRecord record = map.get(key);
    return record == null || record.isExpiredAt(clock.instant())
        ? Optional.empty()
        : Optional.of(record);
  }

  @Override
  public long estimatedSize() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public String toString() {
    return "InMemoryIdempotencyStore{size=" + cache.estimatedSize() + "}";
  }

  private static IdempotencyRecord newClaim(
      ClaimRequest request, @Nullable IdempotencyRecord expired, Instant now) {
    return IdempotencyRecord.inProgress(
        request.key(),
        request.owner(),
        freshFence(expired, now),
        request.fingerprint(),
        now.plus(request.lease()),
        now.plus(request.retention()));
  }

  /**
   * The fence of a fresh claim: above the last record's when it is still here, and never below the
   * store's time in microseconds, so that it stays above any earlier record's fence for the key
   * after that record is gone (an earlier fence is at most its claim's time plus one per take-over,
   * and a record is gone only a retention after its claim). Every store uses this rule.
   */
  static long freshFence(@Nullable IdempotencyRecord expired, Instant now) {
    long micros = epochNanos(now) / 1_000;
    return Math.max(expired == null ? 1 : expired.fence() + 1, micros);
  }

  private static ClaimResult ownClaimOrExisting(
      ClaimRequest request, IdempotencyRecord cur, Instant now) {
    boolean ownRetry =
        cur.state() == RecordState.IN_PROGRESS
            && cur.owner().equals(request.owner())
            && cur.fingerprint().equals(request.fingerprint());
    return ownRetry ? new ClaimResult.Claimed(cur, now) : new ClaimResult.Existing(cur, now);
  }

  private static ClaimResult result(@Nullable ClaimResult[] out) {
    ClaimResult result = out[0];
    if (result == null) {
      throw new IllegalStateException("compute did not run its function");
    }
    return result;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  /** Each record lives until its own expiry on the store's clock. */
  private static final class RecordExpiry implements Expiry<String, IdempotencyRecord> {
    @Override
    public long expireAfterCreate(String key, IdempotencyRecord value, long currentTime) {
      return Math.max(0, epochNanos(value.expiresAt()) - currentTime);
    }

    @Override
    public long expireAfterUpdate(
        String key, IdempotencyRecord value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, IdempotencyRecord value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
