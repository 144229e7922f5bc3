package dev.groundwork.idempotency.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owner tokens: unique per execution attempt. A random 64-bit process prefix plus a counter is
 * unique without a secure random draw per call, which would dominate the in-memory store's cost.
 * Tokens identify holders; they are not secrets.
 */
final class OwnerTokens {

  private static final String PREFIX =
      HexFormat.of().toHexDigits(new SecureRandom().nextLong()) + "-";
  private static final AtomicLong COUNTER = new AtomicLong();

  private OwnerTokens() {}

  static String next() {
    return PREFIX.concat(Long.toString(COUNTER.incrementAndGet(), 36));
  }
}
