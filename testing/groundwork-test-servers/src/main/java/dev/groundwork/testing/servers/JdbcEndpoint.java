package dev.groundwork.testing.servers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database a test may use.
 *
 * @param url the JDBC URL, credentials included as URL parameters where the database needs them
 * @param embedded whether the fixture started this database itself (as opposed to one named by an
 *     environment variable)
 */
public record JdbcEndpoint(String url, boolean embedded) {

  /**
   * Opens a plain connection, outside any pool.
   *
   * @return a new connection that the caller closes
   * @throws SQLException if the database refuses the connection
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /**
   * Builds a HikariCP pool on this database, as the library's documentation recommends.
   *
   * @param poolName a name that shows in HikariCP's thread names and errors
   * @param maximumPoolSize the most connections the pool may hold
   * @return a pool that the caller closes
   */
  public HikariDataSource newPool(String poolName, int maximumPoolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    return new HikariDataSource(config);
  }

  @Override
  public String toString() {
    return (embedded ? "embedded " : "") + url;
  }
}
