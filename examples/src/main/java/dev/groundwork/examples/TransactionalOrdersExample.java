package dev.groundwork.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.jdbc.JdbcIdempotencyStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The "atomic phase" (Foundations §8, crash between processing and storing): the idempotency claim,
 * the business write and the stored result commit in one database transaction, so a crash at any
 * point leaves either all of them or none.
 *
 * <p>Runs on an in-process H2 database by default; pass a JDBC URL (PostgreSQL, MariaDB, H2) as the
 * first argument to use another: {@code mvn -q -pl examples -am package exec:java -DskipTests
 * -Dexec.mainClass=dev.groundwork.examples.TransactionalOrdersExample
 * -Dexec.args=jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
public final class TransactionalOrdersExample {

  /** What the run left in the database, for the test that runs it. */
  public record Report(int orders, boolean crashedOrderStored, boolean retriedOrderReplayed) {}

  private final HikariDataSource pool;
  private final JdbcIdempotencyStore store;
  private final String orders;
  private final PrintStream out;

  private TransactionalOrdersExample(HikariDataSource pool, String suffix, PrintStream out) {
    this.pool = pool;
    this.out = out;
    this.orders = "example_orders_" + suffix;
    this.store =
        JdbcIdempotencyStore.builder(pool)
            .table("example_idempotency_" + suffix)
            .createTable(true)
            .build();
  }

  /**
   * Runs the example.
   *
   * @param args optionally a JDBC URL; an in-process H2 database otherwise
   * @throws SQLException if the database fails
   */
  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";
    run(url, Long.toString(System.currentTimeMillis() % 1_000_000, 36), System.out);
  }

  /**
   * Runs the scenario on a database.
   *
   * @param jdbcUrl the database
   * @param suffix makes the example's table names unique
   * @param out where the account goes
   * @return what the database holds afterwards
   * @throws SQLException if the database fails
   */
  public static Report run(String jdbcUrl, String suffix, PrintStream out) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      return new TransactionalOrdersExample(pool, suffix, out).scenario();
    }
  }

  private Report scenario() throws SQLException {
    out.println("== Orders in one transaction with their idempotency record (Foundations §8) ==");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + orders + " (id VARCHAR(64) PRIMARY KEY, amount INT NOT NULL)");
    }

    out.println("1. order-7 is written, then the process 'crashes' before commit:");
    boolean crashed = false;
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        placeOrder(c, "order-7", 2500, true);
        c.commit();
      } catch (IllegalStateException e) {
        c.rollback();
        crashed = true;
        out.println("   rolled back: " + e.getMessage());
      }
    }
    boolean crashedStored = store.read("orders::order-7").isPresent();
    out.println("   idempotency record left behind: " + crashedStored + "; orders: " + count());

    out.println("2. the client retries order-7; nothing blocks it, and it commits as one unit:");
    IdempotentResult<String> retried = inTransaction("order-7", 2500);
    out.println("   " + describe(retried));

    out.println("3. the client retries once more; the stored result is replayed:");
    IdempotentResult<String> replayed = inTransaction("order-7", 2500);
    out.println("   " + describe(replayed));
    out.println("   orders in the table: " + count());
    if (!crashed) {
      throw new IllegalStateException("the crash in step 1 did not happen");
    }
    return new Report(count(), crashedStored, replayed.replayed());
  }

  private IdempotentResult<String> inTransaction(String key, int amount) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        IdempotentResult<String> result = placeOrder(c, key, amount, false);
        c.commit();
        return result;
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The endpoint's work, on the caller's connection: claim, write, store, not yet committed. */
  private IdempotentResult<String> placeOrder(Connection c, String key, int amount, boolean crash) {
    Idempotency<String> tx =
        Idempotency.builder(ResultCodec.utf8())
            .store(store.onConnection(c))
            .namespace("orders")
            .build();
    return tx.execute(
        key,
        Fingerprint.builder().add("amount", Integer.toString(amount)).build(),
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO " + orders + " (id, amount) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, amount);
            ps.executeUpdate();
          }
          if (crash) {
            throw new IllegalStateException("power cut after the order was written");
          }
          return "order " + key + " accepted";
        });
  }

  private int count() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + orders)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String describe(IdempotentResult<String> r) {
    return (r.replayed() ? "replayed: " : "ran: ") + r.value();
  }
}
