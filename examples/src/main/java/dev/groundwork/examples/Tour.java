package dev.groundwork.examples;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.jdbc.JdbcIdempotencyStore;
import dev.groundwork.idempotency.redis.RedisIdempotencyStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The README's first command: the whole library at work on embedded defaults, with nothing to
 * install. Each area prints a short account of what happened.
 *
 * <pre>
 * mvn -q -pl examples -am package exec:java -DskipTests                          # every part
 * mvn -q -pl examples -am package exec:java -DskipTests -Dexec.args=idempotency  # one part
 * mvn -q -pl examples -am package exec:java -DskipTests \
 *     -Dexec.args="idempotency --redis redis://127.0.0.1:6379"                  # on Redis
 * </pre>
 */
public final class Tour {

  /** The parts, in the order they run. */
  static final List<String> PARTS = List.of("idempotency", "consistency", "scaling");

  private Tour() {}

  /**
   * Runs the tour.
   *
   * @param args optionally the parts to run: {@code idempotency}, {@code consistency}, {@code
   *     scaling}; all of them when empty. {@code --help} lists them.
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int status = run(List.of(args), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the named parts.
   *
   * @param args the parts, or {@code --help}
   * @param out where the account goes
   * @return 0 on success, 2 for an unknown part
   * @throws InterruptedException if interrupted
   */
  static int run(List<String> args, PrintStream out) throws InterruptedException {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(
          "usage: Tour [" + String.join("|", PARTS) + "]... [--redis URL | --postgres JDBC-URL]");
      out.println("Runs the Groundwork tour on embedded defaults; all parts when none is named.");
      out.println(
          "  --redis URL          run the idempotency part on Redis, e.g. redis://127.0.0.1:6379");
      out.println(
          "  --postgres JDBC-URL  run it on PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
      return 0;
    }
    List<String> parts = new java.util.ArrayList<>();
    String redis = null;
    String postgres = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("--redis") || arg.equals("--postgres")) && i + 1 < args.size()) {
        if (arg.equals("--redis")) {
          redis = args.get(++i);
        } else {
          postgres = args.get(++i);
        }
      } else if (PARTS.contains(arg.toLowerCase(Locale.ROOT))) {
        parts.add(arg.toLowerCase(Locale.ROOT));
      } else {
        out.println("unknown argument '" + arg + "'; choose parts from " + PARTS + " (or --help)");
        return 2;
      }
    }
    if (parts.isEmpty()) {
      parts = PARTS;
    }
    out.println("Groundwork tour: reliability patterns on embedded defaults.");
    out.println();
    for (String part : parts) {
      switch (part) {
        case "idempotency" -> idempotency(redis, postgres, out);
        case "consistency" -> QuorumPartitionExample.run(out);
        default -> AutoscalingExample.run(out);
      }
      out.println();
    }
    return 0;
  }

  private static void idempotency(String redis, String postgres, PrintStream out)
      throws InterruptedException {
    // A namespace per run: a shared store keeps the keys of earlier runs for 24 hours.
    String namespace = "tour-" + Long.toString(System.currentTimeMillis(), 36);
    if (redis != null) {
      out.println("(idempotency records in Redis at " + redis + ")");
      try (RedisIdempotencyStore store =
          RedisIdempotencyStore.builder(java.net.URI.create(redis)).build()) {
        PaymentRetriesExample.run(store, namespace, out);
      }
    } else if (postgres != null) {
      out.println("(idempotency records in PostgreSQL, table groundwork_idempotency)");
      com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
      config.setJdbcUrl(postgres);
      config.setMaximumPoolSize(8);
      try (com.zaxxer.hikari.HikariDataSource pool =
          new com.zaxxer.hikari.HikariDataSource(config)) {
        PaymentRetriesExample.run(
            JdbcIdempotencyStore.builder(pool).createTable(true).build(), namespace, out);
      }
    } else {
      PaymentRetriesExample.run(InMemoryIdempotencyStore.builder().build(), out);
    }
  }
}
