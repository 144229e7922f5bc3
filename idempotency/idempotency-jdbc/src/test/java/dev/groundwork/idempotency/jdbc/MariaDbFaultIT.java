package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.testkit.RetryStorm;
import dev.groundwork.testing.servers.JdbcEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MariaDB {@code KILL}s the store's connections in the middle of concurrent executes with a 3 s
 * lease (issue 17, defect 2): callers that wait out the lease find every result stored, none run
 * twice. The pool works in a database of its own, so that its connections are told apart from
 * anyone else's in the process list.
 */
class MariaDbFaultIT {

  @Test
  @Tag("fault")
  void killedConnectionsNeverRunAnOperationTwice() throws Exception {
    storm(8, 200, 5);
  }

  /** The same under {@code -Pslow}: 16 callers × 2,000 keys, connections killed 20 times. */
  @Test
  @Tag("slow")
  void aLongStormOfKilledConnectionsNeverRunsAnOperationTwice() throws Exception {
    storm(16, 2_000, 20);
  }

  private static void storm(int threads, int keys, int rounds) throws Exception {
    JdbcEndpoint mariadb = TestServers.mariadb();
    String database = TestServers.uniqueName("fault");
    try (Connection admin = mariadb.connect()) {
      try (Statement st = admin.createStatement()) {
        st.execute("CREATE DATABASE " + database);
      }
      try {
        run(mariadb, admin, database, threads, keys, rounds);
      } finally {
        try (Statement st = admin.createStatement()) {
          st.execute("DROP DATABASE " + database);
        }
      }
    }
  }

  private static void run(
      JdbcEndpoint mariadb, Connection admin, String database, int threads, int keys, int rounds)
      throws Exception {
    String url = mariadb.url().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    try (HikariDataSource pool = new JdbcEndpoint(url, false).newPool(database, threads)) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(pool).table("idem").createTable(true).build();
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8()).store(store).lease(Duration.ofSeconds(3)).build();

      RetryStorm storm =
          RetryStorm.start(
              idempotency,
              threads,
              keys,
              Duration.ofSeconds(30 + keys / 20),
              Duration.ofSeconds(8));
      int killed = 0;
      for (int round = 1; round <= rounds; round++) {
        storm.awaitCompleted(round * keys * threads / (rounds + 2));
        killed += kill(admin, database);
      }
      storm.finish();

      System.out.printf(
          "MariaDbFaultIT, 3 s lease, %d × %d keys: %d killed, %s%n", threads, keys, killed, storm);
      assertThat(killed).as("connections were killed").isPositive();
      assertThat(storm.doubleExecutions()).as("keys run twice").isZero();
      storm.assertSafe();
    }
  }

  private static int kill(Connection admin, String database) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
        admin.prepareStatement("SELECT id FROM information_schema.processlist WHERE db = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    int killed = 0;
    for (long id : ids) {
      try (Statement st = admin.createStatement()) {
        st.execute("KILL CONNECTION " + id);
        killed++;
      } catch (SQLException alreadyGone) {
        // the connection closed between the listing and the kill
      }
    }
    return killed;
  }
}
