/**
 * The published contract suite for {@link dev.groundwork.idempotency.spi.IdempotencyStore}: extend
 * {@link dev.groundwork.idempotency.testkit.IdempotencyStoreContract}, return your store from
 * {@code newStore}, and run it with JUnit 5.
 */
@NullMarked
package dev.groundwork.idempotency.testkit;

import org.jspecify.annotations.NullMarked;
