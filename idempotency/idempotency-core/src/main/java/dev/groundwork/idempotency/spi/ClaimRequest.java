package dev.groundwork.idempotency.spi;

import dev.groundwork.idempotency.Fingerprint;
import java.time.Duration;
import java.util.Objects;

/**
 * A request to hold a key. Durations, not instants: the store adds them to its own clock, so a
 * client's clock skew cannot shorten or lengthen someone else's lease.
 *
 * @param key the scoped key
 * @param owner the caller's owner token, unique per execution attempt
 * @param fingerprint the request's fingerprint
 * @param lease how long the caller may hold the key before it can be taken over; positive
 * @param retention how long the record counts; positive and at least {@code lease}
 */
public record ClaimRequest(
    String key, String owner, Fingerprint fingerprint, Duration lease, Duration retention) {

  /**
   * Validates the request.
   *
   * @param key the scoped key
   * @param owner the caller's owner token
   * @param fingerprint the request's fingerprint
   * @param lease how long the caller may hold the key
   * @param retention how long the record counts
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if a duration is not positive or the lease outlasts retention
   */
  public ClaimRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(retention, "retention");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, got " + lease);
    }
    if (retention.compareTo(lease) < 0) {
      throw new IllegalArgumentException(
          "retention must be at least the lease (" + lease + "), got " + retention);
    }
  }
}
