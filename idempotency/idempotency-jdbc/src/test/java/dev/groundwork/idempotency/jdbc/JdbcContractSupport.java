package dev.groundwork.idempotency.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.idempotency.testkit.ManualClock;
import dev.groundwork.testing.servers.JdbcEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One pool and one table per database for a test class, made on first use (so that a MariaDB suite
 * without its server is skipped rather than failing), and left to the JVM's exit.
 */
final class JdbcContractSupport {

  private final Supplier<JdbcEndpoint> endpoint;
  private final String purpose;
  private @Nullable HikariDataSource pool;
  private @Nullable String table;

  JdbcContractSupport(Supplier<JdbcEndpoint> endpoint, String purpose) {
    this.endpoint = endpoint;
    this.purpose = purpose;
  }

  synchronized HikariDataSource pool() {
    HikariDataSource p = pool;
    if (p == null) {
      p = endpoint.get().newPool(purpose, 10);
      pool = p;
    }
    return p;
  }

  synchronized String table() {
    String t = table;
    if (t == null) {
      t = TestServers.uniqueName(purpose);
      JdbcIdempotencyStore.builder(pool()).table(t).createTable(true).build();
      table = t;
    }
    return t;
  }

  JdbcIdempotencyStore store(ManualClock clock) {
    return JdbcIdempotencyStore.builder(pool()).table(table()).clock(clock).build();
  }
}
