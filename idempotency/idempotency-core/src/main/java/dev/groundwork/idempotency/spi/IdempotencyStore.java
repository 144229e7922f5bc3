package dev.groundwork.idempotency.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Storage for idempotency records: the SPI that backends implement.
 *
 * <p>Each method is one atomic operation on the store (one round trip for remote stores). Times
 * come from the store's clock. A record whose expiry has passed counts as absent everywhere.
 * Failures are reported as {@link dev.groundwork.idempotency.IdempotencyStoreException} (or its
 * subclass {@link dev.groundwork.idempotency.IdempotencyStoreUnavailableException} when the store
 * cannot be reached), never as a driver's own exception.
 *
 * <p>Implementations must be thread-safe and must pass the contract suite in {@code
 * idempotency-testkit}.
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Takes the key if it is free, in one atomic step.
   *
   * <ul>
   *   <li>No live record: creates one IN_PROGRESS with the request's owner and fingerprint, a lease
   *       ending at now + lease, an expiry at now + retention, and a fencing counter one above any
   *       earlier record's for the key (1 when there was none). Returns {@link
   *       ClaimResult.Claimed}.
   *   <li>A live IN_PROGRESS record with the same owner token and fingerprint (a retried claim
   *       whose reply was lost): returns it unchanged as {@link ClaimResult.Claimed}.
   *   <li>Any other live record, including one whose lease has ended: returns it unchanged as
   *       {@link ClaimResult.Existing}. A claim never takes over a lease; see {@link #takeOver}.
   * </ul>
   *
   * @param request the claim
   * @return what the claim found
   */
  ClaimResult claim(ClaimRequest request);

  /**
   * Claims many keys. Each key is claimed atomically on its own; the batch as a whole is not
   * atomic. Remote stores should do this in one round trip; this default claims one at a time.
   *
   * @param requests the claims, with distinct keys
   * @return one result per request, in the same order
   */
  default List<ClaimResult> claimAll(List<ClaimRequest> requests) {
    List<ClaimResult> results = new ArrayList<>(requests.size());
    for (ClaimRequest request : requests) {
      results.add(claim(request));
    }
    return results;
  }

  /**
   * Takes over a key whose holder's lease has ended, by compare-and-set on the holder's owner token
   * and fencing counter: of two callers racing to take over the same holder, exactly one wins.
   *
   * <ul>
   *   <li>The live record is IN_PROGRESS, held by {@code expectedOwner} with {@code expectedFence},
   *       and its lease has ended: it passes to the request's owner with the fencing counter one
   *       higher and a fresh lease; its fingerprint and expiry stay. Returns {@link
   *       ClaimResult.Claimed}.
   *   <li>No live record: behaves as {@link #claim}.
   *   <li>Otherwise (another holder, a live lease, a completed record): returns the record
   *       unchanged as {@link ClaimResult.Existing}.
   * </ul>
   *
   * @param request the new owner's claim
   * @param expectedOwner the owner token of the holder being replaced
   * @param expectedFence the fencing counter of the holder being replaced
   * @return what the take-over found
   */
  ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence);

  /**
   * Stores the result of an IN_PROGRESS record held by the given owner and fence, making it
   * COMPLETED with expiry at now + retention.
   *
   * @param key the scoped key
   * @param owner the holder's token
   * @param fence the holder's fencing counter
   * @param result the encoded result
   * @param retention how long the result is replayed; positive
   * @return {@link MutationResult#APPLIED} when stored (or already stored by the same owner and
   *     fence), {@link MutationResult#STALE_OWNER} when another holds or completed the key, {@link
   *     MutationResult#MISSING} when no live record exists
   */
  MutationResult complete(String key, String owner, long fence, byte[] result, Duration retention);

  /**
   * Deletes an IN_PROGRESS record held by the given owner and fence, so that a retry runs the
   * operation again.
   *
   * @param key the scoped key
   * @param owner the holder's token
   * @param fence the holder's fencing counter
   * @return {@link MutationResult#APPLIED} when deleted, {@link MutationResult#STALE_OWNER} when
   *     another holds or completed the key, {@link MutationResult#MISSING} when no live record
   *     exists (already released or expired)
   */
  MutationResult release(String key, String owner, long fence);

  /**
   * Reads a key's live record.
   *
   * @param key the scoped key
   * @return the record, or empty when there is none or it has expired
   */
  Optional<IdempotencyRecord> read(String key);

  /**
   * The longest scoped key this store keeps distinct, in UTF-8 bytes. The executor refuses a longer
   * key as invalid client input (HTTP 400) before it reaches the store, so that a key is never
   * truncated or failed on by the database. A store must compare keys byte for byte within this
   * length: no padding collation, no case folding, no lossy encoding.
   *
   * @return the limit; {@link Integer#MAX_VALUE} (the default) when there is none
   */
  default int maxKeyBytes() {
    return Integer.MAX_VALUE;
  }

  /**
   * Releases what the store holds (connections, pools it created). A store built on a client the
   * caller passed in leaves that client open.
   */
  @Override
  default void close() {}
}
