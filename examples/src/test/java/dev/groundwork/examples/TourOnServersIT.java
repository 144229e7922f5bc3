package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.testing.servers.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tour's idempotency part pointed at a real Redis and a real PostgreSQL. */
class TourOnServersIT {

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertThat(Tour.run(List.of(args), out)).isZero();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onRedis() throws Exception {
    assertThat(run("idempotency", "--redis", TestServers.redis().uri().toString()))
        .contains("idempotency records in Redis")
        .contains("The bank saw 2 charges");
  }

  @Test
  void onPostgres() throws Exception {
    assertThat(run("idempotency", "--postgres", TestServers.postgres().url()))
        .contains("idempotency records in PostgreSQL")
        .contains("The bank saw 2 charges");
  }
}
