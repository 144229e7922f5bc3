/** The Redis store's implementation; not exported. */
@NullMarked
package dev.groundwork.idempotency.redis.internal;

import org.jspecify.annotations.NullMarked;
