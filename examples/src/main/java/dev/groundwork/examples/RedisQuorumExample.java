package dev.groundwork.examples;

import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.QuorumException;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.redis.RedisReplica;
import dev.groundwork.testing.servers.ManagedRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.RedisClient;

/**
 * Three real Redis servers as three replicas of a quorum store (Foundations §2, §7): writes and
 * reads at ONE, QUORUM and ALL; one server stopped; what still works and what does not; the server
 * restarted and brought back by hints.
 *
 * <p>By default it starts three servers on free loopback ports (the machine's redis-server when
 * there is one, else the embedded binary). Given three {@code redis://host:port} URLs it uses those
 * instead and skips the stop and restart. Run it with {@code mvn -q -pl examples -am package
 * exec:java -DskipTests -Dexec.mainClass=dev.groundwork.examples.RedisQuorumExample}.
 */
public final class RedisQuorumExample {

  private RedisQuorumExample() {}

  /**
   * Runs the example.
   *
   * @param args nothing, or three redis:// URLs
   * @throws IOException if the servers' directories cannot be made
   */
  public static void main(String[] args) throws IOException {
    run(List.of(args), System.out);
  }

  /**
   * Runs the scenario.
   *
   * @param urls three redis:// URLs, or empty to start servers
   * @param out where the account goes
   * @return one line per operation
   * @throws IOException if the servers' directories cannot be made
   */
  static List<String> run(List<String> urls, PrintStream out) throws IOException {
    List<ManagedRedis> servers = new ArrayList<>();
    List<RedisReplica> replicas = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    String prefix = "groundwork-example-" + Long.toString(System.currentTimeMillis(), 36) + ":";
    try {
      List<String> ids = List.of("a", "b", "c");
      if (urls.isEmpty()) {
        Path dir = Files.createTempDirectory("groundwork-redis-quorum");
        for (String id : ids) {
          servers.add(ManagedRedis.startPersistent(Files.createDirectories(dir.resolve(id))));
        }
      } else if (urls.size() != 3) {
        throw new IllegalArgumentException("give three redis:// URLs, or none, got " + urls.size());
      }
      for (int i = 0; i < 3; i++) {
        URI uri = urls.isEmpty() ? servers.get(i).endpoint().uri() : URI.create(urls.get(i));
        replicas.add(
            new RedisReplica(ids.get(i), RedisClient.create(uri.getHost(), uri.getPort()), prefix));
      }
      Map<String, QuorumClient<String, String>> clients = new LinkedHashMap<>();
      for (ConsistencyLevel level :
          List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
        clients.put(
            level.toString(),
            QuorumClient.<String, String>builder("example-" + level)
                .replicas(replicas)
                .readLevel(level)
                .writeLevel(level)
                .timeout(Duration.ofSeconds(2))
                .build());
      }
      out.println("== Quorum replicas on three Redis servers (Foundations §2, §7) ==");
      out.println("1. all three servers up:");
      VectorClock context = VectorClock.empty();
      for (Map.Entry<String, QuorumClient<String, String>> e : clients.entrySet()) {
        context =
            step(
                e.getKey(),
                e.getValue(),
                "stock:42",
                "7 left (" + e.getKey() + ")",
                context,
                lines,
                out);
      }
      if (servers.isEmpty()) {
        out.println("(stopping a server is left to you with URLs given: try redis-cli shutdown)");
        return lines;
      }
      out.println("2. server c stopped:");
      servers.get(2).stop();
      for (Map.Entry<String, QuorumClient<String, String>> e : clients.entrySet()) {
        context =
            step(
                e.getKey(),
                e.getValue(),
                "stock:42",
                "6 left (" + e.getKey() + ")",
                context,
                lines,
                out);
      }
      out.println("3. server c restarted; hints replayed:");
      servers.get(2).resume();
      int hints = 0;
      for (QuorumClient<String, String> client : clients.values()) {
        hints += client.replayHints();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (clients.get("QUORUM").pendingHints("c") > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      String line =
          "ALL    read  "
              + read(clients.get("ALL"), "stock:42")
              + " ("
              + hints
              + " hints replayed)";
      lines.add(line);
      out.println("   " + line);
      return lines;
    } finally {
      replicas.forEach(RedisReplica::close);
      servers.forEach(ManagedRedis::close);
    }
  }

  private static VectorClock step(
      String level,
      QuorumClient<String, String> client,
      String key,
      String value,
      VectorClock context,
      List<String> lines,
      PrintStream out) {
    WriteResult w = client.write(key, value, context);
    String write =
        String.format(
            "%-6s write %s",
            level,
            w.isSuccess()
                ? "SUCCESS, acked by " + w.acked()
                : w.outcome() + ", failed " + w.failed() + ", no answer " + w.timedOut());
    String read = String.format("%-6s read  %s", level, read(client, key));
    lines.add(write);
    lines.add(read);
    out.println("   " + write);
    out.println("   " + read);
    return w.isSuccess() ? w.clock() : context;
  }

  private static String read(QuorumClient<String, String> client, String key) {
    try {
      return client.read(key).value().map(v -> "\"" + v + "\"").orElse("(siblings or nothing)");
    } catch (QuorumException e) {
      return "refused: " + e.achieved() + " of " + e.required() + " replicas answered";
    }
  }
}
