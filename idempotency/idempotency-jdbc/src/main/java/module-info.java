/** Groundwork idempotency on JDBC: PostgreSQL, MariaDB and H2. */
module dev.groundwork.idempotency.jdbc {
  requires transitive dev.groundwork.idempotency;
  requires transitive java.sql;

  exports dev.groundwork.idempotency.jdbc;
}
