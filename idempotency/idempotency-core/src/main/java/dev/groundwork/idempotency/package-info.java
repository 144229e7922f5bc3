/**
 * Idempotency keys (Foundations §8): run a mutation at most once per key and replay its stored
 * result when the request is retried.
 *
 * <p>Start with {@link dev.groundwork.idempotency.Idempotency#builder(ResultCodec)}. The outcomes a
 * caller must tell apart, and their usual HTTP mapping:
 *
 * <table>
 *   <caption>Outcomes</caption>
 *   <tr><th>outcome</th><th>type</th><th>HTTP</th><th>retry helps?</th></tr>
 *   <tr><td>fresh result</td><td>{@link dev.groundwork.idempotency.IdempotentResult}, not a
 *       replay</td><td>the operation's own</td><td>-</td></tr>
 *   <tr><td>replayed result</td><td>{@link dev.groundwork.idempotency.IdempotentResult#replayed()}
 *       true</td><td>the stored one, marked (e.g. {@code Idempotent-Replayed: true})</td>
 *       <td>-</td></tr>
 *   <tr><td>bad key</td><td>{@link dev.groundwork.idempotency.InvalidIdempotencyKeyException}</td>
 *       <td>400</td><td>no</td></tr>
 *   <tr><td>same request still running</td>
 *       <td>{@link dev.groundwork.idempotency.IdempotencyInProgressException}</td>
 *       <td>409 with {@code Retry-After}</td><td>yes, later</td></tr>
 *   <tr><td>key reused for another request</td>
 *       <td>{@link dev.groundwork.idempotency.IdempotencyKeyReuseException}</td><td>422</td>
 *       <td>no</td></tr>
 *   <tr><td>store unreachable</td>
 *       <td>{@link dev.groundwork.idempotency.IdempotencyStoreUnavailableException}</td>
 *       <td>503</td><td>yes</td></tr>
 * </table>
 */
@NullMarked
package dev.groundwork.idempotency;

import org.jspecify.annotations.NullMarked;
