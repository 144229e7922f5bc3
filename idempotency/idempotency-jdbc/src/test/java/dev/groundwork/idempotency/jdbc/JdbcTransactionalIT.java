package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The atomic phase (Foundations §8, "crash between processing and storing"): claim, business write
 * and result in one transaction on PostgreSQL.
 */
class JdbcTransactionalIT {

  private static HikariDataSource pool;
  private static JdbcIdempotencyStore store;
  private static String orders;

  @BeforeAll
  static void setUp() throws SQLException {
    pool = TestServers.postgres().newPool("tx", 6);
    store =
        JdbcIdempotencyStore.builder(pool)
            .table(TestServers.uniqueName("tx_idem"))
            .createTable(true)
            .build();
    orders = TestServers.uniqueName("tx_orders");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + orders + " (id VARCHAR(64) PRIMARY KEY, amount INT NOT NULL)");
    }
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  /** One request: claim, insert the order, store the result, all in the caller's transaction. */
  private IdempotentResult<String> placeOrder(Connection c, String key, int amount, boolean fail)
      throws SQLException {
    Idempotency<String> tx =
        Idempotency.builder(ResultCodec.utf8()).store(store.onConnection(c)).build();
    return tx.execute(
        key,
        Fingerprint.ofUtf8("amount=" + amount),
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO " + orders + " (id, amount) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, amount);
            ps.executeUpdate();
          }
          if (fail) {
            throw new IllegalStateException("crash after the business write");
          }
          return "order " + key + " placed";
        });
  }

  private static int orderCount(String key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + orders + " WHERE id = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void aRollbackLeavesNeitherTheRecordNorTheWrite() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      placeOrder(c, "o-1", 100, false);
      c.rollback();
    }

    assertThat(store.read("default::o-1")).isEmpty();
    assertThat(orderCount("o-1")).isZero();
  }

  @Test
  void aCommitLeavesTheResultAndTheWriteTogether() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      assertThat(placeOrder(c, "o-2", 200, false).replayed()).isFalse();
      c.commit();
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      IdempotentResult<String> retry = placeOrder(c, "o-2", 200, false);
      c.commit();
      assertThat(retry).isEqualTo(new IdempotentResult<>("order o-2 placed", true, "o-2"));
    }
    assertThat(orderCount("o-2")).isEqualTo(1);
  }

  @Test
  void aFailureInsideTheTransactionIsRolledBackWholeSoARetryRunsCleanly() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> placeOrder(c, "o-3", 300, true))
          .hasMessage("crash after the business write");
      c.rollback();
    }
    assertThat(orderCount("o-3")).isZero();

    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      assertThat(placeOrder(c, "o-3", 300, false).replayed()).isFalse();
      c.commit();
    }
    assertThat(orderCount("o-3")).isEqualTo(1);
  }

  @Test
  void aConcurrentRetryWaitsForTheTransactionAndThenReplays() throws Exception {
    CompletableFuture<IdempotentResult<String>> retry;
    try (Connection first = pool.getConnection()) {
      first.setAutoCommit(false);
      placeOrder(first, "o-4", 400, false);
      // The retry's claim blocks on the first transaction's row lock...
      retry =
          CompletableFuture.supplyAsync(
              () -> {
                try (Connection c = pool.getConnection()) {
                  c.setAutoCommit(false);
                  IdempotentResult<String> r = placeOrder(c, "o-4", 400, false);
                  c.commit();
                  return r;
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(retry).isNotDone();
      first.commit();
    }
    // ...and, once it commits, finds the completed record instead of running again.
    assertThat(retry.get(10, TimeUnit.SECONDS))
        .isEqualTo(new IdempotentResult<>("order o-4 placed", true, "o-4"));
    assertThat(orderCount("o-4")).isEqualTo(1);
  }
}
