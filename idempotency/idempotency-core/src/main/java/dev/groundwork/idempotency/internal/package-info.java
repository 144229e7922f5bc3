/** Implementations behind the idempotency API; not exported, not API. */
@NullMarked
package dev.groundwork.idempotency.internal;

import org.jspecify.annotations.NullMarked;
