package dev.groundwork.examples;

import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.QuorumException;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.testkit.ManualScheduler;
import dev.groundwork.consistency.testkit.SimulatedReplica;
import dev.groundwork.consistency.testkit.SimulatedReplica.State;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Three simulated replicas through a partition, at each consistency level (Foundations §2: CAP in
 * practice, §7: strong vs eventual). Time is simulated, so the run is instant and repeatable.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java -DskipTests
 * -Dexec.args=consistency}.
 */
public final class QuorumPartitionExample {

  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<SimulatedReplica<String, String>> replicas = new ArrayList<>();
  private final Map<String, QuorumClient<String, String>> clients = new LinkedHashMap<>();
  private final PrintStream out;
  private final List<String> outcomes = new ArrayList<>();

  private QuorumPartitionExample(PrintStream out) {
    this.out = out;
    for (String id : List.of("a", "b", "c")) {
      replicas.add(new SimulatedReplica<>(id, scheduler, Duration.ofMillis(5)));
    }
    for (ConsistencyLevel level :
        List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
      clients.put(
          level.toString(),
          QuorumClient.<String, String>builder("app-" + level)
              .replicas(replicas)
              .readLevel(level)
              .writeLevel(level)
              .timeout(Duration.ofMillis(200))
              .scheduler(scheduler)
              .build());
    }
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the scenario and prints what each level did.
   *
   * @param out where the account goes
   * @return one line per operation, "LEVEL operation: outcome"
   */
  static List<String> run(PrintStream out) {
    return new QuorumPartitionExample(out).scenario();
  }

  private List<String> scenario() {
    out.println("== Quorum replicas through a partition (Foundations §2, §7) ==");
    out.println("   N = 3 replicas a, b, c; R = W = 1 (ONE), 2 (QUORUM) or 3 (ALL)");
    QuorumClient<String, String> quorum = clients.get("QUORUM");
    VectorClock context = await(quorum.writeAsync("balance", "100", VectorClock.empty())).clock();
    settle();

    out.println("1. c is cut off by a partition; each level writes, then reads:");
    replica("c").state(State.PARTITIONED);
    for (Map.Entry<String, QuorumClient<String, String>> e : clients.entrySet()) {
      String value = "120 (" + e.getKey() + ")";
      WriteResult w = await(e.getValue().writeAsync("balance", value, context));
      report(
          e.getKey(),
          "write",
          w.isSuccess()
              ? "SUCCESS, acked by " + w.acked()
              : w.outcome() + ", no answer from " + w.timedOut());
      if (w.isSuccess()) {
        context = w.clock();
      }
      report(e.getKey(), "read", read(e.getValue()));
    }

    out.println("2. now a and b are cut off instead; only c, which missed the writes, answers:");
    replica("c").state(State.UP);
    replica("a").state(State.PARTITIONED);
    replica("b").state(State.PARTITIONED);
    for (Map.Entry<String, QuorumClient<String, String>> e : clients.entrySet()) {
      report(e.getKey(), "read", read(e.getValue()));
    }

    out.println("3. the partition heals; hints are replayed and every replica converges:");
    replica("a").state(State.UP);
    replica("b").state(State.UP);
    int hints = 0;
    for (QuorumClient<String, String> client : clients.values()) {
      hints += client.replayHints();
    }
    settle();
    report("ALL", "read", read(clients.get("ALL")) + " (" + hints + " hints replayed)");
    out.println(
        "   The ALL write was reported INDETERMINATE, not failed: a and b had stored it, and");
    out.println("   once c caught up it became the value everyone reads. A failed write is never");
    out.println("   reported as rolled back.");
    return outcomes;
  }

  private String read(QuorumClient<String, String> client) {
    try {
      ReadResult<String> r = await(client.readAsync("balance"));
      return r.value().map(v -> "\"" + v + "\"").orElse("siblings " + r.siblings().size())
          + " from "
          + r.answered();
    } catch (QuorumException e) {
      return "refused: "
          + e.achieved()
          + " of "
          + e.required()
          + " replicas answered (CP: no stale answer)";
    }
  }

  private void report(String level, String op, String outcome) {
    String line = String.format("%-6s %-5s %s", level, op, outcome);
    outcomes.add(line);
    out.println("   " + line);
  }

  private SimulatedReplica<String, String> replica(String id) {
    return replicas.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private <T> T await(CompletionStage<T> stage) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    while (!f.isDone()) {
      scheduler.advance(Duration.ofMillis(1));
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private void settle() {
    scheduler.advance(Duration.ofMillis(50));
  }
}
