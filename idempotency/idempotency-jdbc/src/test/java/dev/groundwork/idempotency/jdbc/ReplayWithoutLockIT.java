package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.testing.servers.JdbcEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replay is a read on every dialect: it neither takes nor waits for the completed row's lock.
 * PostgreSQL's {@code ON CONFLICT DO UPDATE} used to lock the live row even when it left it alone
 * (each replay a write transaction), and on MariaDB and H2 the claim was always a write ({@code
 * INSERT … ON DUPLICATE KEY UPDATE}, {@code MERGE}), so a replay queued behind any transaction
 * holding the row: seconds, then lock-wait timeouts (issue 17, defect 4).
 */
class ReplayWithoutLockIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql", "mariadb", "h2"})
  void aReplayDoesNotWaitForATransactionHoldingTheCompletedRow(String database) throws Exception {
    JdbcEndpoint server =
        switch (database) {
          case "postgresql" -> TestServers.postgres();
          case "mariadb" -> TestServers.mariadb();
          default -> TestServers.h2("replay");
        };
    String table = TestServers.uniqueName("replay_idem");
    Fingerprint fingerprint = Fingerprint.ofUtf8("amount=100");
    try (HikariDataSource pool = server.newPool("replay", 2);
        Connection holder = server.connect()) {
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8())
              .store(JdbcIdempotencyStore.builder(pool).table(table).createTable(true).build())
              .build();
      idempotency.execute("order-1", fingerprint, () -> "charged");

      holder.setAutoCommit(false);
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT 1 FROM " + table + " WHERE idem_key LIKE ? FOR UPDATE")) {
        lock.setString(1, "%order-1"); // the stored key carries the executor's namespace
        try (ResultSet rs = lock.executeQuery()) {
          assertThat(rs.next()).as("the completed row exists and is now locked").isTrue();
        }
      }
      try {
        CompletableFuture<IdempotentResult<String>> replay =
            CompletableFuture.supplyAsync(
                () ->
                    idempotency.execute(
                        "order-1",
                        fingerprint,
                        () -> {
                          throw new AssertionError("the operation ran a second time");
                        }));
        IdempotentResult<String> result = replay.get(5, TimeUnit.SECONDS);
        assertThat(result.replayed()).isTrue();
        assertThat(result.value()).isEqualTo("charged");
      } finally {
        holder.rollback();
      }
    }
  }
}
