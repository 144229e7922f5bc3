package dev.groundwork.idempotency.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a claim or take-over found. Either the caller now holds the key, or someone else's live
 * record stands and is returned in the same call, so the caller can decide (replay, conflict, key
 * reuse, take-over) without a second round trip.
 */
public sealed interface ClaimResult {

  /**
   * The record as it stands after the call.
   *
   * @return the caller's new record, or the existing one
   */
  IdempotencyRecord record();

  /**
   * The store's time at the call, for judging leases and expiry on the store's clock.
   *
   * @return the store's current time when it answered
   */
  Instant observedAt();

  /**
   * The caller holds the key, IN_PROGRESS under its owner token.
   *
   * @param record the caller's record
   * @param observedAt the store's time at the call
   */
  record Claimed(IdempotencyRecord record, Instant observedAt) implements ClaimResult {
    /**
     * Validates the result.
     *
     * @param record the caller's record
     * @param observedAt the store's time at the call
     * @throws IllegalArgumentException if the record is not IN_PROGRESS
     */
    public Claimed {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(observedAt, "observedAt");
      if (record.state() != RecordState.IN_PROGRESS) {
        throw new IllegalArgumentException("a claimed record is IN_PROGRESS, got " + record);
      }
    }
  }

  /**
   * Another live record holds the key; nothing was changed.
   *
   * @param record the record that stands
   * @param observedAt the store's time at the call
   */
  record Existing(IdempotencyRecord record, Instant observedAt) implements ClaimResult {
    /**
     * Validates the result.
     *
     * @param record the record that stands
     * @param observedAt the store's time at the call
     */
    public Existing {
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(observedAt, "observedAt");
    }
  }
}
