package dev.groundwork.idempotency.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the JDBC store speaks to, each with its own SQL for the one-statement claim. */
public enum JdbcDialect {
  /** PostgreSQL 9.5+: {@code INSERT … ON CONFLICT … DO UPDATE … WHERE} in a CTE. */
  POSTGRESQL,
  /** MariaDB 10.5+: {@code INSERT … ON DUPLICATE KEY UPDATE … RETURNING}. */
  MARIADB,
  /** H2 2.x: {@code MERGE INTO … USING}, in process. */
  H2;

  /**
   * Detects the dialect from a connection's metadata.
   *
   * @param metadata the connection's metadata
   * @return the dialect
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalArgumentException if the database is not one of these; the message says which
   *     are supported
   */
  public static JdbcDialect detect(DatabaseMetaData metadata) throws SQLException {
    String product = metadata.getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb")) {
      return MARIADB;
    }
    if (name.equals("h2")) {
      return H2;
    }
    if (name.contains("mysql")) {
      throw new IllegalArgumentException(
          "MySQL is not supported: the one-statement claim needs INSERT … RETURNING, which MySQL"
              + " lacks; use MariaDB 10.5+, PostgreSQL or H2");
    }
    throw new IllegalArgumentException(
        "database '"
            + product
            + "' is not supported; the JDBC store speaks PostgreSQL, MariaDB and H2 (set the"
            + " dialect explicitly only for one of those)");
  }
}
