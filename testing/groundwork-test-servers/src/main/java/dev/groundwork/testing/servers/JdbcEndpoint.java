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
    return newPool(poolName, maximumPoolSize, java.time.Duration.ofSeconds(5));
  }

  /**
   * Builds a HikariCP pool with a given wait for a connection.
   *
   * @param poolName a name that shows in HikariCP's thread names and errors
   * @param maximumPoolSize the most connections the pool may hold
   * @param connectionTimeout how long a caller waits for a connection (at least 250 ms)
   * @return a pool that the caller closes
   */
  public HikariDataSource newPool(
      String poolName, int maximumPoolSize, java.time.Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName(poolName);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    // Start even while the database is down: fault tests build pools before they break things.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  @Override
  public String toString() {
    return (embedded ? "embedded " : "") + url;
  }
}
