package dev.groundwork.idempotency.jdbc.internal;

import dev.groundwork.idempotency.jdbc.JdbcDialect;

/**
 * The statements of one dialect for one table. A fresh claim's fence is above the last record's and
 * never below now in microseconds, so it stays above any earlier fence for the key after a sweep
 * has deleted that key's row (the rule every store follows).
 *
 * <p>{@code {now}} in a template is the database's clock in microseconds since the epoch, or the
 * {@code :now} parameter when a test supplies its own clock.
 */
final class DialectSql {

  private static final String COLS =
      "idem_key, state, owner, fence, fingerprint, lease_deadline, expires_at, result";

  final JdbcDialect dialect;
  final String table;

  /**
   * One statement: claims a free or expired key, or returns the live row. On PostgreSQL a live row
   * seen in the statement's snapshot skips the insert altogether: {@code ON CONFLICT DO UPDATE}
   * locks the conflicting row even when its {@code WHERE} refuses the update, and that lock costs a
   * transaction id and a WAL flush at commit, which made every replay a write (a replay at 332 µs
   * against 76 µs for a primary-key read; see the idempotency README's benchmarks).
   */
  final NamedSql claim;

  /** H2 only: the claim as MERGE, after which {@link #read} returns the row. */
  final NamedSql merge;

  final NamedSql now;
  final NamedSql takeOver;
  final NamedSql complete;
  final NamedSql release;
  final NamedSql read;
  final NamedSql sweep;

  DialectSql(JdbcDialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
    String nowExpr =
        switch (dialect) {
          case POSTGRESQL ->
              "COALESCE(CAST(:now AS BIGINT),"
                  + " CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT))";
          case MARIADB -> "COALESCE(:now, CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED))";
          case H2 ->
              "COALESCE(CAST(:now AS BIGINT),"
                  + " CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP(6)) * 1000000 AS BIGINT))";
        };
    this.claim =
        sql(
            switch (dialect) {
              case POSTGRESQL ->
                  """
                  WITH n AS (SELECT {now} AS t),
                  live AS (SELECT 1 FROM {t} l, n WHERE l.idem_key = :key AND l.expires_at > n.t),
                  ins AS (
                    INSERT INTO {t} AS r (COLS)
                    SELECT :key, 'P', :owner, GREATEST(1, n.t), :fp, n.t + :lease, n.t + :retention,
                           NULL FROM n
                    WHERE NOT EXISTS (SELECT 1 FROM live)
                    ON CONFLICT (idem_key) DO UPDATE SET
                      state = 'P', owner = EXCLUDED.owner, fence = GREATEST(r.fence + 1, EXCLUDED.fence),
                      fingerprint = EXCLUDED.fingerprint, lease_deadline = EXCLUDED.lease_deadline,
                      expires_at = EXCLUDED.expires_at, result = NULL
                    WHERE r.expires_at <= (SELECT t FROM n)
                    RETURNING r.idem_key, r.state, r.owner, r.fence, r.fingerprint,
                              r.lease_deadline, r.expires_at, r.result)
                  SELECT ins.*, (SELECT t FROM n) AS now_us FROM ins
                  UNION ALL
                  SELECT c.idem_key, c.state, c.owner, c.fence, c.fingerprint,
                         c.lease_deadline, c.expires_at, c.result, (SELECT t FROM n)
                  FROM {t} c WHERE c.idem_key = :key AND NOT EXISTS (SELECT 1 FROM ins)
                  """;
              // Assignments run left to right and see earlier ones, so expires_at, which every
              // condition reads, is assigned last.
              case MARIADB ->
                  """
                  INSERT INTO {t} (COLS)
                  VALUES (:key, 'P', :owner, GREATEST(1, {now}), :fp, {now} + :lease, {now} + :retention,
                          NULL)
                  ON DUPLICATE KEY UPDATE
                    state = IF(expires_at <= {now}, 'P', state),
                    owner = IF(expires_at <= {now}, VALUES(owner), owner),
                    fence = IF(expires_at <= {now}, GREATEST(fence + 1, VALUES(fence)), fence),
                    fingerprint = IF(expires_at <= {now}, VALUES(fingerprint), fingerprint),
                    lease_deadline = IF(expires_at <= {now}, VALUES(lease_deadline), lease_deadline),
                    result = IF(expires_at <= {now}, NULL, result),
                    expires_at = IF(expires_at <= {now}, VALUES(expires_at), expires_at)
                  RETURNING COLS, {now} AS now_us
                  """;
              case H2 -> "";
            },
            nowExpr);
    this.merge =
        sql(
            """
            MERGE INTO {t} r
            USING (SELECT CAST(:key AS VARCHAR(2048)) AS k, CAST(:now AS BIGINT) AS n) s
            ON (r.idem_key = s.k)
            WHEN MATCHED AND r.expires_at <= s.n THEN UPDATE SET
              state = 'P', owner = :owner, fence = GREATEST(r.fence + 1, s.n), fingerprint = :fp,
              lease_deadline = s.n + :lease, expires_at = s.n + :retention, result = NULL
            WHEN NOT MATCHED THEN INSERT (COLS)
              VALUES (s.k, 'P', :owner, GREATEST(1, s.n), :fp, s.n + :lease, s.n + :retention, NULL)
            """,
            nowExpr);
    this.now = sql("SELECT {now}", nowExpr);
    this.takeOver =
        sql(
            """
            UPDATE {t} SET owner = :owner, fence = fence + 1, lease_deadline = {now} + :lease,
              expires_at = CASE WHEN expires_at > {now} + :lease
                                THEN expires_at ELSE {now} + :lease END
            WHERE idem_key = :key AND state = 'P' AND owner = :expectedOwner
              AND fence = :expectedFence AND lease_deadline <= {now} AND expires_at > {now}
            """,
            nowExpr);
    this.complete =
        sql(
            """
            UPDATE {t} SET state = 'C', result = :result, lease_deadline = {now},
              expires_at = {now} + :retention
            WHERE idem_key = :key AND state = 'P' AND owner = :owner AND fence = :fence
              AND expires_at > {now}
            """,
            nowExpr);
    this.release =
        sql(
            """
            DELETE FROM {t}
            WHERE idem_key = :key AND state = 'P' AND owner = :owner AND fence = :fence
              AND expires_at > {now}
            """,
            nowExpr);
    this.read =
        sql(
            """
            SELECT r.idem_key, r.state, r.owner, r.fence, r.fingerprint, r.lease_deadline,
                   r.expires_at, r.result, {now} AS now_us
            FROM (SELECT 1 AS one) d LEFT JOIN {t} r ON r.idem_key = :key
            """,
            nowExpr);
    this.sweep =
        sql(
            switch (dialect) {
              case POSTGRESQL ->
                  """
                  DELETE FROM {t} WHERE idem_key IN (
                    SELECT idem_key FROM {t} WHERE expires_at <= {now}
                    LIMIT :limit FOR UPDATE SKIP LOCKED)
                  """;
              case MARIADB ->
                  """
                  DELETE FROM {t} WHERE expires_at <= {now} ORDER BY expires_at LIMIT :limit
                  """;
              case H2 ->
                  """
                  DELETE FROM {t} WHERE idem_key IN (
                    SELECT idem_key FROM {t} WHERE expires_at <= {now} LIMIT :limit)
                  """;
            },
            nowExpr);
  }

  private NamedSql sql(String template, String nowExpr) {
    return NamedSql.of(
        template.replace("COLS", COLS).replace("{now}", nowExpr).replace("{t}", table).strip());
  }
}
