/**
 * The service-provider interface for idempotency-key storage: what a backend implements, kept apart
 * from the user API in {@link dev.groundwork.idempotency}.
 *
 * <p>A store keeps one {@link dev.groundwork.idempotency.spi.IdempotencyRecord} per scoped key and
 * changes it only through atomic, owner-checked operations. Every store, Groundwork's or a user's,
 * runs the contract suite in {@code idempotency-testkit}.
 */
@NullMarked
package dev.groundwork.idempotency.spi;

import org.jspecify.annotations.NullMarked;
