package dev.groundwork.idempotency.spi;

/** What an owner-checked complete or release did. */
public enum MutationResult {
  /**
   * The change was made, or had already been made by the same owner and fence (a repeated call
   * after a lost reply is recognised as the caller's own).
   */
  APPLIED,
  /**
   * The key is held by another owner or fence, or was completed by another: nothing was changed.
   * The caller's lease was taken over.
   */
  STALE_OWNER,
  /** No live record exists for the key: it expired, or was released. Nothing was changed. */
  MISSING
}
