package dev.groundwork.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.testing.servers.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A pool whose connections run at SERIALIZABLE (some teams make it the default): racing first
 * claims of one key then fail with serialization errors (SQLState 40001) as well as meet the
 * winner's row. The store runs such a statement again, in a new snapshot, so every racer gets an
 * answer, and exactly one of them holds the key.
 */
class PostgresSerializableIT {

  private static final int RACERS = 8;
  private static final int KEYS = 30;

  @Test
  void racingClaimsAtSerializableEachGetAnAnswerAndOneWins() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServers.postgres().url());
    config.setPoolName("serializable");
    config.setMaximumPoolSize(RACERS);
    config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcIdempotencyStore store =
          JdbcIdempotencyStore.builder(pool)
              .table(TestServers.uniqueName("serial"))
              .createTable(true)
              .build();
      for (int k = 0; k < KEYS; k++) {
        String key = "k" + k;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClaimResult>> claims = new ArrayList<>();
        for (int t = 0; t < RACERS; t++) {
          ClaimRequest request =
              new ClaimRequest(
                  key,
                  "owner-" + t,
                  Fingerprint.ofUtf8("r"),
                  Duration.ofSeconds(30),
                  Duration.ofMinutes(5));
          claims.add(
              threads.submit(
                  () -> {
                    start.await();
                    return store.claim(request);
                  }));
        }
        start.countDown();
        int winners = 0;
        for (Future<ClaimResult> claim : claims) {
          if (claim.get() instanceof ClaimResult.Claimed) {
            winners++;
          }
        }
        assertThat(winners).as("winners for " + key).isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
