package dev.groundwork.idempotency.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.jdbc.JdbcIdempotencyStore;
import dev.groundwork.testing.servers.TestServers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDBC store on PostgreSQL through the executor against the bare statements a hand-written
 * idempotency check needs, through the same HikariCP pool, on the database named by {@code
 * GROUNDWORK_POSTGRES_URL} or an embedded one.
 *
 * <p>{@code firstCall} (the one-statement claim, then the complete {@code UPDATE}: two statements,
 * each on its own pooled connection in auto-commit) against an {@code INSERT … ON CONFLICT DO
 * NOTHING} of the same row and an {@code UPDATE} by primary key that stores the result, the same
 * way; {@code replay} (the claim statement finding the completed row) against one {@code SELECT} by
 * primary key. The baseline table is a copy of the store's ({@code LIKE … INCLUDING ALL}: same
 * columns, same expiry index), so both sides write the same data and maintain the same indexes;
 * what separates them is the store's SQL: the database clock, the conditions on owner, fence and
 * expiry, the claim's single-statement claim-or-return.
 *
 * <p>Sampled ({@link Mode#SampleTime}) so that the runner reports throughput and p50/p99 latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JdbcStoreBenchmark {

  private static final int REPLAY_KEYS = 4096;
  private static final Fingerprint FINGERPRINT = Fingerprint.ofUtf8("amount=100&currency=EUR");
  private static final String RESULT = "charge ch_1";
  private static final byte[] RESULT_BYTES = RESULT.getBytes(StandardCharsets.UTF_8);
  // As long as the executor's owner tokens, so that both sides write rows of the same size.
  private static final String OWNER = "4f1c2a9e8b7d6c5a-000000000042";
  private static final String FINGERPRINT_HEX = FINGERPRINT.toHex();

  private final HikariDataSource pool;
  private final String table = TestServers.uniqueName("bench");
  private final String bareTable = table + "_bare";
  private final Idempotency<String> idempotency;
  private final String[] replayKeys = new String[REPLAY_KEYS];
  private final String bareClaim;
  private final String bareComplete;
  private final String bareRead;

  /**
   * Makes a pool large enough for every benchmark thread, both tables, and the keys that {@code
   * replay} reads. JMH makes one instance per trial.
   *
   * @throws IllegalStateException if the database refuses the setup
   */
  public JdbcStoreBenchmark() {
    pool = TestServers.postgres().newPool("bench", 20);
    idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(JdbcIdempotencyStore.builder(pool).table(table).createTable(true).build())
            .retention(Duration.ofMinutes(10))
            .build();
    bareClaim =
        "INSERT INTO "
            + bareTable
            + " (idem_key, state, owner, fence, fingerprint, lease_deadline, expires_at, result)"
            + " VALUES (?, 'P', ?, 1, ?, ?, ?, NULL) ON CONFLICT (idem_key) DO NOTHING";
    bareComplete =
        "UPDATE "
            + bareTable
            + " SET state = 'C', result = ?, lease_deadline = ?, expires_at = ? WHERE idem_key = ?";
    bareRead = "SELECT result FROM " + bareTable + " WHERE idem_key = ?";
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + bareTable + " (LIKE " + table + " INCLUDING ALL)");
      for (int i = 0; i < REPLAY_KEYS; i++) {
        replayKeys[i] = "replay-" + i;
        idempotency.execute(replayKeys[i], FINGERPRINT, () -> RESULT);
        claimBare(replayKeys[i]);
        completeBare(replayKeys[i]);
      }
    } catch (SQLException e) {
      // JMH's generated subclass cannot declare what a constructor throws.
      throw new IllegalStateException("could not set up the JDBC benchmark: " + e.getMessage(), e);
    }
  }

  /**
   * Executes under a key never seen before: claim, run, complete.
   *
   * @param keys this thread's keys
   * @return the result
   */
  @Benchmark
  public IdempotentResult<String> firstCall(Keys keys) {
    return idempotency.execute(keys.fresh(), FINGERPRINT, () -> RESULT);
  }

  /**
   * The bare statements of a first call.
   *
   * @param keys this thread's keys
   * @return the rows the second statement updated
   * @throws SQLException if the database refuses a statement
   */
  @Benchmark
  public int bareFirstCall(Keys keys) throws SQLException {
    String key = keys.fresh();
    if (claimBare(key) != 1) {
      throw new IllegalStateException("key reused: " + key);
    }
    return completeBare(key);
  }

  /**
   * Executes under a key completed before, so the stored result is replayed.
   *
   * @param keys this thread's keys
   * @return the replayed result
   */
  @Benchmark
  public IdempotentResult<String> replay(Keys keys) {
    return idempotency.execute(replayKeys[keys.nextIndex(REPLAY_KEYS)], FINGERPRINT, () -> RESULT);
  }

  /**
   * The bare statement of a replay: the stored result by primary key.
   *
   * @param keys this thread's keys
   * @return the stored result
   * @throws SQLException if the database refuses the statement
   */
  @Benchmark
  public byte[] bareReplay(Keys keys) throws SQLException {
    String key = replayKeys[keys.nextIndex(REPLAY_KEYS)];
    try (Connection c = pool.getConnection();
        PreparedStatement p = c.prepareStatement(bareRead)) {
      p.setString(1, key);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row for " + key);
        }
        return rs.getBytes(1);
      }
    }
  }

  private int claimBare(String key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement p = c.prepareStatement(bareClaim)) {
      long now = System.currentTimeMillis() * 1000;
      p.setString(1, key);
      p.setString(2, OWNER);
      p.setString(3, FINGERPRINT_HEX);
      p.setLong(4, now + 30_000_000L);
      p.setLong(5, now + 600_000_000L);
      return p.executeUpdate();
    }
  }

  private int completeBare(String key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement p = c.prepareStatement(bareComplete)) {
      long now = System.currentTimeMillis() * 1000;
      p.setBytes(1, RESULT_BYTES);
      p.setLong(2, now);
      p.setLong(3, now + 600_000_000L);
      p.setString(4, key);
      return p.executeUpdate();
    }
  }

  /**
   * Drops both tables and closes the pool.
   *
   * @throws SQLException if the database refuses the drop
   */
  @TearDown
  public void tearDown() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("DROP TABLE IF EXISTS " + bareTable);
    } finally {
      pool.close();
    }
  }
}
