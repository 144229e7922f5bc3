package dev.groundwork.idempotency.spi;

import dev.groundwork.idempotency.Fingerprint;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store holds for one scoped key. Immutable; times are the store's own.
 *
 * <p>The owner token and fencing counter identify the holder of the key: every claim and take-over
 * moves the counter forward, and every complete or release must present both, so a holder whose
 * lease was taken over can no longer change the record.
 */
public final class IdempotencyRecord {

  private final String key;
  private final RecordState state;
  private final String owner;
  private final long fence;
  private final Fingerprint fingerprint;
  private final Instant leaseDeadline;
  private final Instant expiresAt;
  private final byte @Nullable [] result;

  private IdempotencyRecord(
      String key,
      RecordState state,
      String owner,
      long fence,
      Fingerprint fingerprint,
      Instant leaseDeadline,
      Instant expiresAt,
      byte @Nullable [] result) {
    this.key = Objects.requireNonNull(key, "key");
    this.state = Objects.requireNonNull(state, "state");
    this.owner = Objects.requireNonNull(owner, "owner");
    if (fence < 1) {
      throw new IllegalArgumentException("fence must be at least 1, got " + fence);
    }
    this.fence = fence;
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.leaseDeadline = Objects.requireNonNull(leaseDeadline, "leaseDeadline");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.result = result;
  }

  /**
   * A record held by an owner that is running the operation.
   *
   * @param key the scoped key
   * @param owner the holder's token
   * @param fence the fencing counter, at least 1
   * @param fingerprint the request's fingerprint
   * @param leaseDeadline when the lease ends and the key may be taken over
   * @param expiresAt when the record stops counting
   * @return the record
   */
  public static IdempotencyRecord inProgress(
      String key,
      String owner,
      long fence,
      Fingerprint fingerprint,
      Instant leaseDeadline,
      Instant expiresAt) {
    return new IdempotencyRecord(
        key, RecordState.IN_PROGRESS, owner, fence, fingerprint, leaseDeadline, expiresAt, null);
  }

  /**
   * A record whose operation finished, holding the encoded result.
   *
   * @param key the scoped key
   * @param owner the token of the owner that completed it
   * @param fence the fencing counter under which it completed
   * @param fingerprint the request's fingerprint
   * @param completedAt when it completed; kept as the lease deadline, which no longer matters
   * @param expiresAt when the stored result stops being replayed
   * @param result the encoded result; copied
   * @return the record
   */
  public static IdempotencyRecord completed(
      String key,
      String owner,
      long fence,
      Fingerprint fingerprint,
      Instant completedAt,
      Instant expiresAt,
      byte[] result) {
    return new IdempotencyRecord(
        key,
        RecordState.COMPLETED,
        owner,
        fence,
        fingerprint,
        completedAt,
        expiresAt,
        result.clone());
  }

  /**
   * The scoped key.
   *
   * @return the key as the store sees it
   */
  public String key() {
    return key;
  }

  /**
   * The stored state.
   *
   * @return IN_PROGRESS or COMPLETED
   */
  public RecordState state() {
    return state;
  }

  /**
   * The holder's token.
   *
   * @return the owner token of the last claim or take-over
   */
  public String owner() {
    return owner;
  }

  /**
   * The fencing counter.
   *
   * @return a counter that grows with every claim and take-over of the key
   */
  public long fence() {
    return fence;
  }

  /**
   * The fingerprint of the request that claimed the key.
   *
   * @return the fingerprint
   */
  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /**
   * When the lease ends (IN_PROGRESS), or when the record completed (COMPLETED).
   *
   * @return an instant on the store's clock
   */
  public Instant leaseDeadline() {
    return leaseDeadline;
  }

  /**
   * When the record stops counting: from then on the key is free again.
   *
   * @return an instant on the store's clock
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The encoded result of a COMPLETED record.
   *
   * @return a copy of the bytes, or null for an IN_PROGRESS record
   */
  public byte @Nullable [] result() {
    return result == null ? null : result.clone();
  }

  /**
   * Whether the record has expired at a given time.
   *
   * @param now the store's current time
   * @return true when {@code now} is at or after {@link #expiresAt()}
   */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Whether an IN_PROGRESS record's lease has ended at a given time.
   *
   * @param now the store's current time
   * @return true when the record is IN_PROGRESS and {@code now} is at or after its lease deadline
   */
  public boolean isLeaseExpiredAt(Instant now) {
    return state == RecordState.IN_PROGRESS && !now.isBefore(leaseDeadline);
  }

  /**
   * Whether a request's owner token and fencing counter match this record's.
   *
   * @param owner an owner token
   * @param fence a fencing counter
   * @return true when both match
   */
  public boolean isHeldBy(String owner, long fence) {
    return this.owner.equals(owner) && this.fence == fence;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IdempotencyRecord r
        && key.equals(r.key)
        && state == r.state
        && owner.equals(r.owner)
        && fence == r.fence
        && fingerprint.equals(r.fingerprint)
        && leaseDeadline.equals(r.leaseDeadline)
        && expiresAt.equals(r.expiresAt)
        && Arrays.equals(result, r.result);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, state, owner, fence, fingerprint, leaseDeadline, expiresAt)
        + Arrays.hashCode(result);
  }

  @Override
  public String toString() {
    return "IdempotencyRecord{key="
        + key
        + ", state="
        + state
        + ", owner="
        + owner
        + ", fence="
        + fence
        + ", leaseDeadline="
        + leaseDeadline
        + ", expiresAt="
        + expiresAt
        + (result == null ? "" : ", result=" + result.length + " bytes")
        + "}";
  }
}
