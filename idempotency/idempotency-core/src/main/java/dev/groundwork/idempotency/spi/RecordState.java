package dev.groundwork.idempotency.spi;

/**
 * The two states a record is stored in. Expiry is not a stored state: a record whose expiry has
 * passed (by the store's clock) is treated as absent, whether or not it has been deleted yet.
 */
public enum RecordState {
  /** An owner holds the key under a lease and is running the operation. */
  IN_PROGRESS,
  /** The operation finished and its encoded result is stored for replay. */
  COMPLETED
}
