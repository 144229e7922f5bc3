package dev.groundwork.examples;

import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import dev.groundwork.consistency.testkit.ManualScheduler;
import dev.groundwork.consistency.testkit.SimulatedReplica;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Hedged QUORUM reads with one slow replica (Foundations §1: tail latency; §7: quorums). Asking all
 * three replicas costs three requests a read; a hedged client asks two and a third only after a
 * delay, and learns which replica is slow, so it stops asking that one first. When the slow replica
 * recovers, the client notices once its estimate is older than the suspicion period and shares the
 * load with it again. Time is simulated, so the run is instant and repeatable.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java -DskipTests
 * -Dexec.mainClass=dev.groundwork.examples.HedgedReadsExample}.
 */
public final class HedgedReadsExample {

  private static final int READS = 200;

  /** What one phase measured. */
  record Phase(
      String name, double p50Millis, double p99Millis, double requestsPerRead, int askedA) {}

  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedReplica<String, String> a = replica("a", 40, 10, 1);
  private final SimulatedReplica<String, String> b = replica("b", 5, 2, 2);
  private final SimulatedReplica<String, String> c = replica("c", 5, 2, 3);
  private final List<Counting> counted = List.of(new Counting(a), new Counting(b), new Counting(c));

  private HedgedReadsExample() {}

  private SimulatedReplica<String, String> replica(String id, int millis, int jitter, long seed) {
    SimulatedReplica<String, String> r =
        new SimulatedReplica<>(id, scheduler, Duration.ofMillis(millis));
    r.jitter(Duration.ofMillis(jitter), Duration.ofMillis(jitter), seed);
    return r;
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
   * Runs the three phases and prints what each measured.
   *
   * @param out where the account goes
   * @return the phases, in order
   */
  static List<Phase> run(PrintStream out) {
    return new HedgedReadsExample().scenario(out);
  }

  private List<Phase> scenario(PrintStream out) {
    out.println("== Hedged quorum reads with one slow replica (Foundations §1, §7) ==");
    out.println(
        "   N = 3, R = 2; a answers in 40-50 ms, b and c in 5-7 ms; " + READS + " reads each");
    QuorumClient<String, String> all = client("all", null);
    QuorumClient<String, String> hedged =
        client("hedged", HedgePolicy.after(Duration.ofMillis(15), 0.1));
    await(all.writeAsync("cart", "milk", VectorClock.empty()));
    scheduler.advance(Duration.ofMillis(100));

    List<Phase> phases = new ArrayList<>();
    phases.add(measure("1. all three asked", all));
    phases.add(measure("2. hedged after 15 ms", hedged));
    a.latency(Duration.ofMillis(5));
    a.jitter(Duration.ofMillis(2), Duration.ofMillis(2), 4);
    phases.add(measure("3. a recovers (5-7 ms), hedged", hedged));
    for (Phase p : phases) {
      out.printf(
          Locale.ROOT,
          "%-30s p50 %5.1f ms, p99 %5.1f ms, %.2f requests a read, a asked in %d reads%n",
          p.name(),
          p.p50Millis(),
          p.p99Millis(),
          p.requestsPerRead(),
          p.askedA());
    }
    out.println(
        "   The hedged client hedged "
            + hedged.hedgesSent()
            + " times: the first read, which knew nothing, and a re-probe of a each time its"
            + " estimate aged past the 2 s suspicion period.");
    return phases;
  }

  private QuorumClient<String, String> client(String name, @Nullable HedgePolicy hedging) {
    QuorumClient.Builder<String, String> builder =
        QuorumClient.<String, String>builder(name)
            .replicas(counted)
            .timeout(Duration.ofMillis(500))
            .suspicion(Duration.ofSeconds(2))
            .scheduler(scheduler)
            .nanoTime(scheduler::nanos);
    return hedging == null ? builder.build() : builder.hedging(hedging).build();
  }

  private Phase measure(String name, QuorumClient<String, String> client) {
    long[] before = counted.stream().mapToLong(r -> r.asked).toArray();
    long[] latency = new long[READS];
    for (int i = 0; i < READS; i++) {
      long start = scheduler.nanos();
      long[] end = {0};
      ReadResult<String> r =
          await(client.readAsync("cart").whenComplete((ok, e) -> end[0] = scheduler.nanos()));
      if (!r.value().orElse("").equals("milk")) {
        throw new IllegalStateException("read " + i + " returned " + r);
      }
      latency[i] = end[0] - start;
      scheduler.advance(Duration.ofMillis(60)); // late replies arrive and are timed
    }
    long requests = 0;
    for (int j = 0; j < counted.size(); j++) {
      requests += counted.get(j).asked - before[j];
    }
    Arrays.sort(latency);
    return new Phase(
        name,
        latency[READS / 2 - 1] / 1e6,
        latency[(int) Math.ceil(READS * 0.99) - 1] / 1e6,
        (double) requests / READS,
        (int) (counted.get(0).asked - before[0]));
  }

  /** Runs the simulation until the stage completes. */
  private <T> T await(CompletionStage<T> stage) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    while (!f.isDone()) {
      scheduler.advance(Duration.ofMillis(1));
    }
    return f.join();
  }

  /** A replica that counts the reads it is asked. */
  private static final class Counting implements Replica<String, String> {
    private final SimulatedReplica<String, String> replica;
    long asked;

    Counting(SimulatedReplica<String, String> replica) {
      this.replica = replica;
    }

    @Override
    public String id() {
      return replica.id();
    }

    @Override
    public CompletionStage<List<Versioned<String>>> get(String key) {
      asked++;
      return replica.get(key);
    }

    @Override
    public CompletionStage<Void> put(String key, List<Versioned<String>> versions) {
      return replica.put(key, versions);
    }
  }
}
