package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.jdbc.internal.SqlIdempotencyStore;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link IdempotencyStore} on a relational database (Foundations §8: "Storage: Database
 * (durable)", "unique constraints", "conditional updates").
 *
 * <p>Records live in one table keyed by the scoped key. A claim is one statement that inserts the
 * record, or takes an expired one, or returns the live one: {@code INSERT … ON CONFLICT … DO UPDATE
 * … WHERE} on PostgreSQL, {@code INSERT … ON DUPLICATE KEY UPDATE … RETURNING} on MariaDB, {@code
 * MERGE} on H2. Complete and release are one conditional {@code UPDATE} / {@code DELETE} each, on
 * owner and fence. Times are the database's clock.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);
 * JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(pool).createTable(true).build();
 * }</pre>
 *
 * <p>For the "atomic phase" pattern, {@link #onConnection(Connection)} gives a store that works
 * inside the caller's transaction, so the claim, the business writes and the stored result commit
 * or roll back together.
 */
public interface JdbcIdempotencyStore extends IdempotencyStore {

  /** Default table name. */
  String DEFAULT_TABLE = "groundwork_idempotency";

  /**
   * Starts a builder over a connection pool (HikariCP or any {@link DataSource}). Each operation
   * borrows one connection and gives it back; the pool stays the caller's.
   *
   * @param dataSource the pool
   * @return a builder
   */
  static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A store over the caller's connection and transaction: it never commits, rolls back or closes
   * the connection. Claim, business writes and result then commit together, which closes the "crash
   * between processing and storing" gap: a rollback leaves no record, a commit leaves the result.
   * While the transaction is open, other claims of the same key wait on its row lock. Use READ
   * COMMITTED; a failure inside the transaction is the caller's to roll back.
   *
   * @param transaction an open connection, normally with auto-commit off
   * @return a store bound to that connection; cheap, make one per transaction
   */
  IdempotencyStore onConnection(Connection transaction);

  /**
   * Creates the table and its expiry index if they do not exist, from the DDL shipped as the
   * resource {@code dev/groundwork/idempotency/jdbc/<dialect>.sql}.
   *
   * @throws dev.groundwork.idempotency.IdempotencyStoreException if the database refuses
   */
  void createTable();

  /**
   * Deletes up to {@code batchSize} expired records. Expired records already count as absent; this
   * only reclaims space. Run it periodically, in a loop while it returns {@code batchSize}.
   *
   * @param batchSize 1 to 100,000
   * @return how many records were deleted
   * @throws IllegalArgumentException if batchSize is out of range
   */
  int sweepExpired(int batchSize);

  /**
   * The dialect in use.
   *
   * @return the dialect
   */
  JdbcDialect dialect();

  /**
   * The table in use.
   *
   * @return the table name, as configured
   */
  String table();

  /** Builds a {@link JdbcIdempotencyStore}. */
  final class Builder {
    private static final Pattern TABLE =
        Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,39}\\.)?[A-Za-z_][A-Za-z0-9_]{0,39}");

    private final DataSource dataSource;
    private @Nullable JdbcDialect dialect;
    private String table = DEFAULT_TABLE;
    private boolean createTable;
    private @Nullable InstantSource clock;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The dialect. Default: detected from the connection's metadata at {@link #build()}.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The table. Default {@value JdbcIdempotencyStore#DEFAULT_TABLE}.
     *
     * @param table a name of letters, digits and underscores (at most 40), optionally
     *     schema-qualified
     * @return this builder
     */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /**
     * Whether {@link #build()} creates the table and index if missing. Default false: in production
     * the DDL usually goes through migrations (Flyway, Liquibase) from the shipped resource.
     *
     * @param createTable true to create at build
     * @return this builder
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * Replaces the database's clock with this one, for tests that move time by hand. Default: the
     * database's clock, which is what production should use.
     *
     * @param clock the clock leases and expiry are computed from
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates the options, detects the dialect if none was set (one connection), creates the
     * table if asked, and builds the store.
     *
     * @return the store
     * @throws IllegalArgumentException if the table name is not acceptable or the database is not
     *     supported
     * @throws dev.groundwork.idempotency.IdempotencyStoreUnavailableException if the dialect must
     *     be detected and the database cannot be reached
     */
    public JdbcIdempotencyStore build() {
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "table must be letters, digits and underscores (at most 40, not starting with a"
                + " digit), optionally schema-qualified; got '"
                + table
                + "'");
      }
      JdbcDialect d = dialect;
      if (d == null) {
        try (Connection c = dataSource.getConnection()) {
          d = JdbcDialect.detect(c.getMetaData());
        } catch (SQLException e) {
          throw new dev.groundwork.idempotency.IdempotencyStoreUnavailableException(
              null,
              "could not reach the database to detect its dialect; set dialect(...) to build"
                  + " without a connection ("
                  + e.getMessage()
                  + ")",
              e);
        }
      }
      JdbcIdempotencyStore store = SqlIdempotencyStore.create(dataSource, d, table, clock);
      if (createTable) {
        store.createTable();
      }
      return store;
    }
  }
}
