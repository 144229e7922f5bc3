package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyStoreException;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad configuration says what to do; the dialect is detected; sweeping reclaims space. */
class JdbcStoreConfigurationIT {

  private static HikariDataSource pg;

  @BeforeAll
  static void setUp() {
    pg = TestServers.postgres().newPool("config", 3);
  }

  @AfterAll
  static void tearDown() {
    pg.close();
  }

  @Test
  void theDialectIsDetected() {
    assertThat(JdbcIdempotencyStore.builder(pg).build().dialect())
        .isEqualTo(JdbcDialect.POSTGRESQL);
    try (HikariDataSource h2 = TestServers.h2("detect").newPool("h2", 2)) {
      assertThat(JdbcIdempotencyStore.builder(h2).build().dialect()).isEqualTo(JdbcDialect.H2);
    }
  }

  @Test
  void aMissingTableSaysHowToCreateIt() {
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(pg).table(TestServers.uniqueName("missing")).build();
    Idempotency<String> idempotency = Idempotency.builder(ResultCodec.utf8()).store(store).build();

    assertThatThrownBy(() -> idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "x"))
        .isInstanceOfSatisfying(
            IdempotencyStoreException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("createTable()")
        .hasMessageContaining("postgresql.sql");
  }

  @Test
  void theWrongDialectIsCaughtAndNamed() {
    String table = TestServers.uniqueName("wrong");
    JdbcIdempotencyStore.builder(pg).table(table).createTable(true).build();
    JdbcIdempotencyStore wrong =
        JdbcIdempotencyStore.builder(pg).table(table).dialect(JdbcDialect.MARIADB).build();
    Idempotency<String> idempotency = Idempotency.builder(ResultCodec.utf8()).store(wrong).build();

    assertThatThrownBy(() -> idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "x"))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageContaining("is the dialect right");
  }

  @Test
  void badTableNamesAreRefusedAtBuild() {
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(pg).table("x; DROP TABLE y").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters, digits and underscores");
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(pg).build().sweepExpired(0))
        .hasMessage("batchSize must be 1 to 100000, got 0");
  }

  @Test
  void anUnreachableDatabaseFailsClosed() {
    try (HikariDataSource nowhere =
        new dev.groundwork.testing.servers.JdbcEndpoint(
                "jdbc:postgresql://127.0.0.1:1/none?user=x&connectTimeout=1", false)
            .newPool("nowhere", 1, Duration.ofMillis(250))) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(nowhere).dialect(JdbcDialect.POSTGRESQL).build();
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8()).store(store).claimRetries(0).build();

      assertThatThrownBy(() -> idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "ran"))
          .isInstanceOfSatisfying(
              IdempotencyStoreUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("database is unavailable");
      assertThatThrownBy(() -> JdbcIdempotencyStore.builder(nowhere).build())
          .isInstanceOf(IdempotencyStoreUnavailableException.class)
          .hasMessageContaining("set dialect(...)");
    }
  }

  @Test
  void sweepingDeletesOnlyExpiredRecordsInBatches() {
    ManualClock clock = new ManualClock();
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(pg)
            .table(TestServers.uniqueName("sweep"))
            .createTable(true)
            .clock(clock)
            .build();
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(store)
            .retention(Duration.ofMinutes(1))
            .lease(Duration.ofSeconds(10))
            .build();
    for (int i = 0; i < 25; i++) {
      idempotency.execute("old-" + i, Fingerprint.ofUtf8("r"), () -> "x");
    }
    clock.advance(Duration.ofMinutes(1));
    idempotency.execute("new", Fingerprint.ofUtf8("r"), () -> "x");

    assertThat(store.sweepExpired(10)).isEqualTo(10);
    assertThat(store.sweepExpired(10)).isEqualTo(10);
    assertThat(store.sweepExpired(10)).isEqualTo(5);
    assertThat(store.sweepExpired(10)).isZero();
    assertThat(store.read(idempotency.scopedKey("new"))).isPresent();
    assertThat(store.sweepExpired(1)).isZero();
    assertThat(store.sweepExpired(100_000)).isZero();
    assertThatThrownBy(() -> store.sweepExpired(100_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be 1 to 100000, got 100001");
  }

  @Test
  void aPoolThatHandsOutTransactionsGetsThemCommitted() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServers.postgres().url());
    config.setPoolName("manual-commit");
    config.setMaximumPoolSize(2);
    config.setAutoCommit(false);
    String table = TestServers.uniqueName("manual");
    try (HikariDataSource manual = new HikariDataSource(config)) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(manual).table(table).createTable(true).build();
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8()).store(store).build();
      idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "done");
    }
    // A fresh pool sees the record only if the store committed what it wrote.
    JdbcIdempotencyStore reader = JdbcIdempotencyStore.builder(pg).table(table).build();
    Idempotency<String> replaying = Idempotency.builder(ResultCodec.utf8()).store(reader).build();
    IdempotentResult<String> replay =
        replaying.execute("k", Fingerprint.ofUtf8("r"), () -> "ran again");
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.value()).isEqualTo("done");
  }
}
