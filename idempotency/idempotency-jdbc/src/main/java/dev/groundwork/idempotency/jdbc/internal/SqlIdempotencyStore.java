package dev.groundwork.idempotency.jdbc.internal;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.IdempotencyStoreException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.InvalidIdempotencyKeyException;
import dev.groundwork.idempotency.jdbc.JdbcDialect;
import dev.groundwork.idempotency.jdbc.JdbcIdempotencyStore;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC store. Claim is one statement (PostgreSQL, MariaDB); complete and release are one
 * conditional statement each, followed by a read only when they change nothing, to say why.
 */
public final class SqlIdempotencyStore implements JdbcIdempotencyStore {

  /** Attempts of a statement that lost a deadlock or serialization race (pooled use only). */
  private static final int CONFLICT_ATTEMPTS = 3;

  private final @Nullable DataSource dataSource;
  private final @Nullable Connection connection;
  private final DialectSql sql;
  private final @Nullable InstantSource clock;

  private SqlIdempotencyStore(
      @Nullable DataSource dataSource,
      @Nullable Connection connection,
      DialectSql sql,
      @Nullable InstantSource clock) {
    this.dataSource = dataSource;
    this.connection = connection;
    this.sql = sql;
    this.clock = clock;
  }

  /**
   * Creates a store over a pool.
   *
   * @param dataSource the pool; each operation borrows a connection and returns it
   * @param dialect the database's dialect
   * @param table the table name
   * @param clock a clock that replaces the database's, for tests; null for the database's
   * @return the store
   */
  public static SqlIdempotencyStore create(
      DataSource dataSource, JdbcDialect dialect, String table, @Nullable InstantSource clock) {
    return new SqlIdempotencyStore(dataSource, null, new DialectSql(dialect, table), clock);
  }

  @Override
  public IdempotencyStore onConnection(Connection transaction) {
    Objects.requireNonNull(transaction, "transaction");
    return new SqlIdempotencyStore(null, transaction, sql, clock);
  }

  @Override
  public JdbcDialect dialect() {
    return sql.dialect;
  }

  @Override
  public String table() {
    return sql.table;
  }

  // ---- the SPI ------------------------------------------------------------------------------

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return run(request.key(), "claim the key", c -> claim(c, request));
  }

  private ClaimResult claim(Connection c, ClaimRequest request) throws SQLException {
    if (sql.dialect != JdbcDialect.POSTGRESQL) {
      // MariaDB's INSERT … ON DUPLICATE KEY UPDATE and H2's MERGE lock the row even when they
      // change nothing, so a replay waited behind any transaction holding it (seconds, then lock
      // wait timeouts). A plain read takes no lock: a live record is answered from it, and only a
      // free or expired key goes on to the write. PostgreSQL's claim skips the write by itself.
      Row seen = read(c, request.key(), null);
      if (seen != null && seen.record != null) {
        return classify(request, seen.record, seen.now);
      }
    }
    for (int attempt = 0; ; attempt++) {
      Row row;
      if (sql.dialect == JdbcDialect.H2) {
        row = mergeThenRead(c, request);
      } else {
        try (PreparedStatement ps = sql.claim.prepare(c, claimParams(request, nowParam()));
            ResultSet rs = ps.executeQuery()) {
          row = rs.next() ? Row.of(rs) : null;
        }
      }
      if (row != null && row.record != null) {
        return classify(request, row.record, row.now);
      }
      // PostgreSQL: a row committed after this statement's snapshot made ON CONFLICT skip the
      // insert while the fallback SELECT could not see it yet. The next statement will.
      if (attempt >= 2) {
        throw new IdempotencyStoreException(
            request.key(), true, "the claim found neither a free key nor a record; retry", null);
      }
    }
  }

  private @Nullable Row mergeThenRead(Connection c, ClaimRequest request) throws SQLException {
    long now = currentMicros(c);
    try (PreparedStatement ps = sql.merge.prepare(c, claimParams(request, now))) {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      // Two MERGEs inserted the same new key at once; the other won. Read what it wrote.
    }
    return read(c, request.key(), now);
  }

  private static ClaimResult classify(ClaimRequest request, IdempotencyRecord record, Instant now) {
    boolean ours =
        record.state() == RecordState.IN_PROGRESS
            && record.owner().equals(request.owner())
            && record.fingerprint().equals(request.fingerprint());
    return ours ? new ClaimResult.Claimed(record, now) : new ClaimResult.Existing(record, now);
  }

  @Override
  public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
    return run(
        request.key(),
        "take over the key",
        c -> {
          long now = currentMicros(c);
          Map<String, Object> params = claimParams(request, now);
          params.put("expectedOwner", expectedOwner);
          params.put("expectedFence", expectedFence);
          if (executeUpdate(c, sql.takeOver, params) == 1) {
            Row row = Objects.requireNonNull(read(c, request.key(), now));
            IdempotencyRecord taken = Objects.requireNonNull(row.record);
            return new ClaimResult.Claimed(taken, row.now);
          }
          return claim(c, request);
        });
  }

  @Override
  public MutationResult complete(
      String key, String owner, long fence, byte[] result, Duration retention) {
    return run(
        key,
        "store the result",
        c -> {
          long now = currentMicros(c);
          Map<String, Object> params = holderParams(now, key, owner, fence);
          params.put("result", result);
          params.put("retention", micros(retention));
          if (executeUpdate(c, sql.complete, params) == 1) {
            return MutationResult.APPLIED;
          }
          Row row = read(c, key, now);
          IdempotencyRecord record = row == null ? null : row.record;
          if (record == null) {
            return MutationResult.MISSING;
          }
          return record.state() == RecordState.COMPLETED && record.isHeldBy(owner, fence)
              ? MutationResult.APPLIED
              : MutationResult.STALE_OWNER;
        });
  }

  @Override
  public MutationResult release(String key, String owner, long fence) {
    return run(
        key,
        "release the key",
        c -> {
          long now = currentMicros(c);
          if (executeUpdate(c, sql.release, holderParams(now, key, owner, fence)) == 1) {
            return MutationResult.APPLIED;
          }
          Row row = read(c, key, now);
          return row == null || row.record == null
              ? MutationResult.MISSING
              : MutationResult.STALE_OWNER;
        });
  }

  @Override
  public Optional<IdempotencyRecord> read(String key) {
    return run(
        key,
        "read the key",
        c -> {
          Row row = read(c, key, null);
          return Optional.ofNullable(row == null ? null : row.record);
        });
  }

  /** The parameters every statement on a held key takes. */
  private static Map<String, Object> holderParams(long now, String key, String owner, long fence) {
    Map<String, Object> params = new HashMap<>();
    params.put("now", now);
    params.put("key", key);
    params.put("owner", owner);
    params.put("fence", fence);
    return params;
  }

  private static int executeUpdate(Connection c, NamedSql statement, Map<String, Object> params)
      throws SQLException {
    try (PreparedStatement ps = statement.prepare(c, params)) {
      return ps.executeUpdate();
    }
  }

  // ---- administration -----------------------------------------------------------------------

  @Override
  public void createTable() {
    String ddl = ddl(sql.dialect, sql.table);
    run(
        null,
        "create the table",
        c -> {
          try (Statement s = c.createStatement()) {
            for (String statement : ddl.split(";", -1)) {
              String trimmed = stripComments(statement);
              if (!trimmed.isEmpty()) {
                s.execute(trimmed);
              }
            }
          }
          return Boolean.TRUE;
        });
  }

  @Override
  public int sweepExpired(int batchSize) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batchSize must be 1 to 100000, got " + batchSize);
    }
    return run(
        null,
        "sweep expired records",
        c -> {
          Map<String, Object> params = new HashMap<>();
          params.put("now", nowParam());
          params.put("limit", batchSize);
          return executeUpdate(c, sql.sweep, params);
        });
  }

  /**
   * The DDL of a dialect for a table, from the resource shipped with this module.
   *
   * @param dialect the dialect
   * @param table the table name
   * @return the statements, separated by semicolons
   */
  public static String ddl(JdbcDialect dialect, String table) {
    String resource = "/dev/groundwork/idempotency/jdbc/" + resourceName(dialect);
    try (InputStream in = SqlIdempotencyStore.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      String index = table.replace('.', '_') + "_expires_idx";
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${table}", table)
          .replace("${index}", index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The name of a dialect's DDL resource.
   *
   * @param dialect the dialect
   * @return the file name under {@code dev/groundwork/idempotency/jdbc/}
   */
  public static String resourceName(JdbcDialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> "postgresql.sql";
      case MARIADB -> "mariadb.sql";
      case H2 -> "h2.sql";
    };
  }

  private static String stripComments(String statement) {
    StringBuilder out = new StringBuilder();
    for (String line : statement.split("\n", -1)) {
      int comment = line.indexOf("--");
      out.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    return out.toString().strip();
  }

  @Override
  public void close() {
    // The pool and the caller's connection belong to the caller.
  }

  @Override
  public String toString() {
    return "JdbcIdempotencyStore{" + sql.dialect + ", table=" + sql.table + "}";
  }

  // ---- plumbing -----------------------------------------------------------------------------

  @FunctionalInterface
  private interface Work<R> {
    R run(Connection c) throws SQLException;
  }

  /**
   * The longest scoped key kept, in UTF-8 bytes: it fits a primary-key index on every dialect
   * (PostgreSQL's B-tree takes about 2,700 bytes, InnoDB's 3,072), and holds the longest key the
   * executor accepts (1,024 characters) with its scope whenever the key is ASCII.
   */
  public static final int MAX_KEY_BYTES = 2048;

  @Override
  public int maxKeyBytes() {
    return MAX_KEY_BYTES;
  }

  private <R> R run(@Nullable String key, String what, Work<R> work) {
    if (key != null && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      // The executor refuses such keys first; this guards callers of the SPI itself, so that no
      // database truncates a key or fails on it.
      throw new InvalidIdempotencyKeyException(
          key.substring(0, 64) + "…",
          "the key takes "
              + key.getBytes(StandardCharsets.UTF_8).length
              + " bytes in UTF-8; the JDBC store keeps at most "
              + MAX_KEY_BYTES,
          null);
    }
    Connection bound = connection;
    if (bound != null) {
      // The caller's transaction: no commit, no retry; a failure is theirs to roll back.
      try {
        return work.run(bound);
      } catch (SQLException e) {
        throw translate(key, what, e);
      }
    }
    DataSource pool = Objects.requireNonNull(dataSource);
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        try {
          R result = work.run(c);
          if (!autoCommit) {
            c.commit();
          }
          return result;
        } catch (SQLException | RuntimeException e) {
          if (!autoCommit) {
            rollbackQuietly(c, e);
          }
          throw e;
        }
      } catch (SQLException e) {
        if (isConflict(e) && attempt < CONFLICT_ATTEMPTS) {
          continue; // the database rolled the statement back; running it again is safe
        }
        throw translate(key, what, e);
      }
    }
  }

  private static void rollbackQuietly(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private IdempotencyStoreException translate(@Nullable String key, String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = " (SQLState " + state + ": " + e.getMessage() + ")";
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || e instanceof SQLTimeoutException
        || state.startsWith("08")
        || state.startsWith("57P")) {
      return new IdempotencyStoreUnavailableException(
          key, "the database is unavailable, so the store could not " + what + detail, e);
    }
    if (isConflict(e)) {
      return new IdempotencyStoreException(
          key,
          true,
          "the store could not "
              + what
              + ": it lost a race with a concurrent transaction"
              + (connection != null ? "; roll back and retry the transaction" : "; retry")
              + detail,
          e);
    }
    if (state.equals("42P01") || state.equals("42S02") || state.equals("42S12")) {
      return new IdempotencyStoreException(
          key,
          false,
          "the idempotency table "
              + sql.table
              + " does not exist: create it with JdbcIdempotencyStore.createTable(), the builder's"
              + " createTable(true), or the DDL in dev/groundwork/idempotency/jdbc/"
              + resourceName(sql.dialect)
              + detail,
          e);
    }
    if (state.startsWith("42")) {
      return new IdempotencyStoreException(
          key,
          false,
          "the database rejected the "
              + sql.dialect
              + " SQL for table "
              + sql.table
              + ": is the dialect right, and was the table made from this version's DDL?"
              + detail,
          e);
    }
    return new IdempotencyStoreException(key, false, "the store could not " + what + detail, e);
  }

  private static boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    // 40001 serialization failure / MariaDB deadlock, 40P01 PostgreSQL deadlock, 1205 lock wait.
    return "40001".equals(state) || "40P01".equals(state) || e.getErrorCode() == 1205;
  }

  private Object nowParam() {
    InstantSource c = clock;
    return c == null ? NamedSql.NULL_LONG : micros(c.instant());
  }

  private long currentMicros(Connection c) throws SQLException {
    InstantSource source = clock;
    if (source != null) {
      return micros(source.instant());
    }
    Map<String, Object> params = new HashMap<>();
    params.put("now", NamedSql.NULL_LONG);
    try (PreparedStatement ps = sql.now.prepare(c, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private @Nullable Row read(Connection c, String key, @Nullable Long now) throws SQLException {
    Map<String, Object> params = new HashMap<>();
    params.put("now", now == null ? nowParam() : now);
    params.put("key", key);
    try (PreparedStatement ps = sql.read.prepare(c, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Row.of(rs) : null;
    }
  }

  private static Map<String, Object> claimParams(ClaimRequest request, Object now) {
    Map<String, Object> params = new HashMap<>();
    params.put("now", now);
    params.put("key", request.key());
    params.put("owner", request.owner());
    params.put("fp", request.fingerprint().toHex());
    params.put("lease", micros(request.lease()));
    params.put("retention", micros(request.retention()));
    return params;
  }

  private static long micros(Duration d) {
    return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1_000;
  }

  private static long micros(Instant i) {
    return Math.multiplyExact(i.getEpochSecond(), 1_000_000L) + i.getNano() / 1_000;
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** A row as read: the record (null when there is none, or it expired) and the database's now. */
  private static final class Row {
    final @Nullable IdempotencyRecord record;
    final Instant now;

    private Row(@Nullable IdempotencyRecord record, Instant now) {
      this.record = record;
      this.now = now;
    }

    static Row of(ResultSet rs) throws SQLException {
      Instant now = instant(rs.getLong(9));
      String key = rs.getString(1);
      if (key == null) {
        return new Row(null, now);
      }
      String state = rs.getString(2);
      String owner = rs.getString(3);
      long fence = rs.getLong(4);
      Fingerprint fp = Fingerprint.fromHex(rs.getString(5).trim());
      Instant lease = instant(rs.getLong(6));
      Instant expires = instant(rs.getLong(7));
      if (!now.isBefore(expires)) {
        return new Row(null, now);
      }
      if ("C".equals(state)) {
        byte[] result = rs.getBytes(8);
        return new Row(
            IdempotencyRecord.completed(
                key, owner, fence, fp, lease, expires, result == null ? new byte[0] : result),
            now);
      }
      return new Row(IdempotencyRecord.inProgress(key, owner, fence, fp, lease, expires), now);
    }
  }
}
