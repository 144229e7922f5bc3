/** The JDBC store's implementation; not exported. */
@NullMarked
package dev.groundwork.idempotency.jdbc.internal;

import org.jspecify.annotations.NullMarked;
