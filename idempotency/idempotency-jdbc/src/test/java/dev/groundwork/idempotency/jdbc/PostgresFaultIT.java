package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.testkit.RetryStorm;
import dev.groundwork.testing.servers.JdbcEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL kills the store's connections ({@code pg_terminate_backend}) in the middle of
 * concurrent executes, three times over.
 */
class PostgresFaultIT {

  private static final int THREADS = 8;
  private static final int KEYS = 60;

  @Test
  void terminatedConnectionsNeverRunAnOperationTwice() throws Exception {
    JdbcEndpoint postgres = TestServers.postgres();
    String app = TestServers.uniqueName("fault");
    String url =
        postgres.url() + (postgres.url().contains("?") ? "&" : "?") + "ApplicationName=" + app;
    try (HikariDataSource pool = new JdbcEndpoint(url, postgres.embedded()).newPool(app, THREADS);
        Connection admin = postgres.connect()) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(pool)
              .table(TestServers.uniqueName("fault_idem"))
              .createTable(true)
              .build();
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8())
              .store(store)
              .lease(Duration.ofMinutes(10))
              .build();

      RetryStorm storm = RetryStorm.start(idempotency, THREADS, KEYS, Duration.ofSeconds(40));
      int terminated = 0;
      for (int round = 1; round <= 3; round++) {
        storm.awaitCompleted(round * KEYS * THREADS / 5);
        terminated += terminateBackends(admin, app);
      }
      storm.finish();

      System.out.println("PostgresFaultIT: " + terminated + " backends terminated, " + storm);
      assertThat(terminated).as("connections were killed").isPositive();
      storm.assertSafe();
      assertThat(idempotency.execute("after-fault", Fingerprint.ofUtf8("x"), () -> "works").value())
          .isEqualTo("works");
    }
  }

  /**
   * Issue 17, defect 2: with a 3 s lease, a complete that failed on a terminated connection left
   * the key in progress, a retry took it over after the lease and ran the operation again. The
   * database is back within milliseconds, so repeating the complete stores the result: callers that
   * wait out the lease must find it stored, never run it again. 8 callers × 200 keys, the pool's
   * connections terminated five times.
   */
  @Test
  @Tag("fault")
  void withAShortLeaseTerminatedConnectionsStillNeverRunAnOperationTwice() throws Exception {
    shortLeaseStorm(THREADS, 200, 5);
  }

  /** The same under {@code -Pslow}: 16 callers × 2,000 keys, connections terminated 20 times. */
  @Test
  @Tag("slow")
  void aLongShortLeaseStormNeverRunsAnOperationTwice() throws Exception {
    shortLeaseStorm(16, 2_000, 20);
  }

  private static void shortLeaseStorm(int threads, int keys, int rounds) throws Exception {
    JdbcEndpoint postgres = TestServers.postgres();
    String app = TestServers.uniqueName("lease");
    String url =
        postgres.url() + (postgres.url().contains("?") ? "&" : "?") + "ApplicationName=" + app;
    try (HikariDataSource pool = new JdbcEndpoint(url, postgres.embedded()).newPool(app, threads);
        Connection admin = postgres.connect()) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(pool)
              .table(TestServers.uniqueName("lease_idem"))
              .createTable(true)
              .build();
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8()).store(store).lease(Duration.ofSeconds(3)).build();

      RetryStorm storm =
          RetryStorm.start(
              idempotency,
              threads,
              keys,
              Duration.ofSeconds(30 + keys / 20),
              Duration.ofSeconds(8));
      int terminated = 0;
      for (int round = 1; round <= rounds; round++) {
        storm.awaitCompleted(round * keys * threads / (rounds + 2));
        terminated += terminateBackends(admin, app);
      }
      storm.finish();

      System.out.printf(
          "PostgresFaultIT, 3 s lease, %d × %d keys: %d terminated, %s%n",
          threads, keys, terminated, storm);
      assertThat(terminated).as("connections were killed").isPositive();
      assertThat(storm.doubleExecutions()).as("keys run twice").isZero();
      storm.assertSafe();
    }
  }

  private static int terminateBackends(Connection admin, String applicationName)
      throws SQLException {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
