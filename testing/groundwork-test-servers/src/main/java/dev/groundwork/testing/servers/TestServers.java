package dev.groundwork.testing.servers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Hands each test suite a real server.
 *
 * <p>A server named by its environment variable is used as it is; otherwise the fixture starts an
 * embedded one on first use, shares it among the suites of the JVM, and stops it when the JVM
 * exits. The variables:
 *
 * <ul>
 *   <li>{@value #REDIS_URL}: {@code redis://127.0.0.1:6379}
 *   <li>{@value #POSTGRES_URL}: {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
 *   <li>{@value #MARIADB_URL}: {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}
 * </ul>
 *
 * <p>Tests never share data by accident: each takes its own key prefix or table name from {@link
 * #uniqueName(String)}.
 */
public final class TestServers {

  /** Environment variable naming a Redis server, as {@code redis://host:port}. */
  public static final String REDIS_URL = "GROUNDWORK_REDIS_URL";

  /** Environment variable naming a PostgreSQL database, as a JDBC URL. */
  public static final String POSTGRES_URL = "GROUNDWORK_POSTGRES_URL";

  /** Environment variable naming a MariaDB or MySQL database, as a JDBC URL. */
  public static final String MARIADB_URL = "GROUNDWORK_MARIADB_URL";

  private static final AtomicLong NAMES = new AtomicLong();
  private static final String RUN_ID =
      Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
          + Long.toString(ProcessHandle.current().pid() % 10_000, 36);

  private static @Nullable ManagedRedis embeddedRedis;
  private static @Nullable EmbeddedPostgres embeddedPostgres;

  private TestServers() {}

  /**
   * The Redis server for this run: {@value #REDIS_URL} when set, else the shared embedded one.
   *
   * @return the server's address
   */
  public static RedisEndpoint redis() {
    String url = env(REDIS_URL);
    return url != null ? RedisEndpoint.parse(url) : embeddedRedis();
  }

  /**
   * The shared embedded Redis server, whatever the environment says; started on first use.
   *
   * @return the server's address
   */
  public static synchronized RedisEndpoint embeddedRedis() {
    ManagedRedis server = embeddedRedis;
    if (server == null) {
      server = ManagedRedis.startEmbedded();
      embeddedRedis = server;
      ManagedRedis started = server;
      Runtime.getRuntime()
          .addShutdownHook(new Thread(started::close, "groundwork-embedded-redis-stop"));
    }
    return server.endpoint();
  }

  /**
   * The PostgreSQL database for this run: {@value #POSTGRES_URL} when set, else the shared embedded
   * one.
   *
   * @return the database
   */
  public static JdbcEndpoint postgres() {
    String url = env(POSTGRES_URL);
    return url != null ? new JdbcEndpoint(url, false) : embeddedPostgres();
  }

  /**
   * The shared embedded PostgreSQL, whatever the environment says; started on first use.
   *
   * @return the database
   */
  public static synchronized JdbcEndpoint embeddedPostgres() {
    EmbeddedPostgres server = embeddedPostgres;
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not start embedded PostgreSQL; set "
                + POSTGRES_URL
                + " to use a running server instead",
            e);
      }
      embeddedPostgres = server;
    }
    return new JdbcEndpoint(server.getJdbcUrl("postgres", "postgres"), true);
  }

  /**
   * The MariaDB (or MySQL) database named by {@value #MARIADB_URL}. There is no embedded MariaDB,
   * so when the variable is unset the calling test is skipped with a message saying how to enable
   * it.
   *
   * @return the database
   */
  public static JdbcEndpoint mariadb() {
    String url = env(MARIADB_URL);
    Assumptions.assumeTrue(
        url != null,
        () ->
            "MariaDB tests are skipped: set "
                + MARIADB_URL
                + " to a JDBC URL such as jdbc:mariadb://127.0.0.1:3306/test?user=root to run"
                + " them");
    return new JdbcEndpoint(java.util.Objects.requireNonNull(url), false);
  }

  /**
   * A fresh in-process H2 database in PostgreSQL compatibility off (plain H2), kept until the JVM
   * exits.
   *
   * @param name a label for the database; made unique by this method
   * @return the database
   */
  public static JdbcEndpoint h2(String name) {
    return new JdbcEndpoint(
        "jdbc:h2:mem:" + uniqueName(name) + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", true);
  }

  /**
   * A name no other test of this or a concurrent run uses: a valid SQL identifier and Redis key
   * prefix, lower case, at most 48 characters.
   *
   * @param purpose what the name is for, such as a table or suite name; letters, digits and
   *     underscores are kept
   * @return {@code gw_<purpose>_<run>_<n>}
   */
  public static String uniqueName(String purpose) {
    String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (cleaned.length() > 24) {
      cleaned = cleaned.substring(0, 24);
    }
    return "gw_" + cleaned + "_" + RUN_ID + "_" + NAMES.incrementAndGet();
  }

  private static @Nullable String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
