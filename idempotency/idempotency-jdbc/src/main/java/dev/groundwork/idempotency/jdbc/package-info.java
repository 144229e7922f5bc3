/**
 * An {@link dev.groundwork.idempotency.spi.IdempotencyStore} on a relational database: start with
 * {@link dev.groundwork.idempotency.jdbc.JdbcIdempotencyStore#builder(javax.sql.DataSource)}.
 */
@NullMarked
package dev.groundwork.idempotency.jdbc;

import org.jspecify.annotations.NullMarked;
