package dev.groundwork.consistency.benchmarks;

import dev.groundwork.benchmarks.RatioRunner;
import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import dev.groundwork.consistency.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * How close a QUORUM read (N = 3, R = 2) comes to the physical limit of a quorum read: the R-th
 * fastest of the N replicas' latencies for that very read, which is what a client that asked every
 * replica at once and had no cost of its own would wait (Foundations §1 on tail latency, §7 on
 * quorums).
 *
 * <p>Runs in virtual time on a {@link ManualScheduler}: each read draws one latency per replica
 * from a log-normal distribution, the replicas answer after exactly that long, reads start every
 * millisecond and overlap, and a read's latency is the virtual time until the client completes it.
 * The client's CPU cost is measured by {@link QuorumClientBenchmark}; this measures only how long
 * the read waits, so the figures are exact for the drawn latencies and the same on every machine
 * (the seed is fixed).
 *
 * <p>Scenarios: three alike replicas; one replica ten times slower than the others, without hedging
 * (all three asked at once) and with hedged reads (two asked, a third after a delay), with a fixed
 * delay and with the observed 90th percentile.
 */
final class QuorumLatencyStudy {

  private static final int N = 3;
  private static final Duration FAST_MEDIAN = Duration.ofMillis(1);
  private static final Duration SLOW_MEDIAN = Duration.ofMillis(10);
  private static final double SIGMA = 0.5;
  private static final Duration INTERVAL = Duration.ofMillis(1);

  private QuorumLatencyStudy() {}

  /** One scenario: which replica is slow (or none) and how the client hedges (or not). */
  record Scenario(String name, int slowReplica, @Nullable HedgePolicy hedging) {}

  /** What one scenario measured, all in nanoseconds. */
  record Outcome(
      Scenario scenario,
      int reads,
      double requestsPerRead,
      long p50,
      long p99,
      long limitP50,
      long limitP99) {}

  static List<Scenario> scenarios() {
    HedgePolicy fixed = HedgePolicy.after(Duration.ofMillis(3), 0.5);
    HedgePolicy p90 = HedgePolicy.atPercentile(0.9, Duration.ofMillis(3), 0.5);
    return List.of(
        new Scenario("replicas alike, all asked", -1, null),
        new Scenario("replicas alike, hedged after 3 ms", -1, fixed),
        new Scenario("one slow, all asked", 0, null),
        new Scenario("one slow, hedged after 3 ms", 0, fixed),
        new Scenario("one slow, hedged at observed p90", 0, p90));
  }

  /**
   * Runs every scenario and reports the table.
   *
   * @param full more reads
   * @return a Markdown table
   */
  static String run(boolean full) {
    int reads = full ? 200_000 : 40_000;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "N = 3, R = 2; replica latency log-normal, median %d ms (slow replica %d ms), σ = %.1f;"
                + " %,d reads per scenario, one starting every millisecond, in virtual time. The"
                + " limit is the 2nd fastest of the 3 latencies drawn for the same read.%n%n",
            FAST_MEDIAN.toMillis(),
            SLOW_MEDIAN.toMillis(),
            SIGMA,
            reads));
    out.append(
        "| scenario | requests/read | p50 | p99 | limit p50 | limit p99 | p99 ÷ limit p99 |\n");
    out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Scenario s : scenarios()) {
      Outcome o = measure(s, reads, 42);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %s | %s | %s | %s | %.2f |%n",
              s.name(),
              o.requestsPerRead(),
              RatioRunner.duration((double) o.p50()),
              RatioRunner.duration((double) o.p99()),
              RatioRunner.duration((double) o.limitP50()),
              RatioRunner.duration((double) o.limitP99()),
              (double) o.p99() / o.limitP99()));
    }
    return out.toString();
  }

  /**
   * Measures one scenario: reads start every {@link #INTERVAL} of virtual time (an open loop, so
   * that reads overlap as in service), read {@code i} asks for key {@code i}, and replica {@code j}
   * answers it after the latency drawn for that pair.
   *
   * @param scenario the scenario
   * @param reads how many reads
   * @param seed the random seed
   * @return the outcome
   */
  static Outcome measure(Scenario scenario, int reads, long seed) {
    ManualScheduler scheduler = new ManualScheduler();
    SplittableRandom random = new SplittableRandom(seed);
    long[][] drawn = new long[reads][N];
    long[] limit = new long[reads];
    for (int i = 0; i < reads; i++) {
      draw(random, scenario, drawn[i]);
      long[] sorted = drawn[i].clone();
      Arrays.sort(sorted);
      limit[i] = sorted[1];
    }
    Versioned<String> stored = Versioned.of("milk", new Dot("writer", 1), VectorClock.empty());
    List<TimedReplica> replicas = new ArrayList<>();
    for (int j = 0; j < N; j++) {
      replicas.add(new TimedReplica("r" + j, j, scheduler, drawn, stored));
    }
    QuorumClient.Builder<Integer, String> builder =
        QuorumClient.<Integer, String>builder("study")
            .replicas(replicas)
            .scheduler(scheduler)
            .nanoTime(scheduler::nanos)
            .timeout(Duration.ofSeconds(5));
    HedgePolicy hedging = scenario.hedging();
    if (hedging != null) {
      builder.hedging(hedging);
    }
    QuorumClient<Integer, String> client = builder.build();

    long[] latency = new long[reads];
    List<CompletableFuture<ReadResult<String>>> results = new ArrayList<>(reads);
    for (int i = 0; i < reads; i++) {
      int read = i;
      long start = scheduler.nanos();
      results.add(
          client
              .readAsync(read)
              .whenComplete((r, e) -> latency[read] = scheduler.nanos() - start)
              .toCompletableFuture());
      scheduler.advance(INTERVAL);
    }
    scheduler.runAll();
    for (int i = 0; i < reads; i++) {
      if (!"milk".equals(results.get(i).join().value().orElse(null))) {
        throw new IllegalStateException("read " + i + " of " + scenario + " went wrong");
      }
    }
    long asked = replicas.stream().mapToLong(r -> r.asked).sum();
    Arrays.sort(latency);
    Arrays.sort(limit);
    return new Outcome(
        scenario,
        reads,
        (double) asked / reads,
        percentile(latency, 0.50),
        percentile(latency, 0.99),
        percentile(limit, 0.50),
        percentile(limit, 0.99));
  }

  /** A replica that answers read {@code i} after the latency drawn for it and for this replica. */
  private static final class TimedReplica implements Replica<Integer, String> {
    private final String id;
    private final int index;
    private final ManualScheduler scheduler;
    private final long[][] drawn;
    private final List<Versioned<String>> stored;
    long asked;

    TimedReplica(
        String id, int index, ManualScheduler scheduler, long[][] drawn, Versioned<String> stored) {
      this.id = id;
      this.index = index;
      this.scheduler = scheduler;
      this.drawn = drawn;
      this.stored = List.of(stored);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public CompletionStage<List<Versioned<String>>> get(Integer read) {
      asked++;
      CompletableFuture<List<Versioned<String>>> reply = new CompletableFuture<>();
      Runnable unused =
          scheduler.schedule(Duration.ofNanos(drawn[read][index]), () -> reply.complete(stored));
      return reply;
    }

    @Override
    public CompletionStage<Void> put(Integer read, List<Versioned<String>> versions) {
      throw new IllegalStateException("every replica holds the same version: nothing to repair");
    }
  }

  private static void draw(SplittableRandom random, Scenario scenario, long[] drawn) {
    for (int i = 0; i < drawn.length; i++) {
      Duration median = i == scenario.slowReplica() ? SLOW_MEDIAN : FAST_MEDIAN;
      double gaussian = gaussian(random);
      drawn[i] = Math.max(1, (long) (median.toNanos() * Math.exp(SIGMA * gaussian)));
    }
  }

  /** A standard normal draw (Box–Muller), since SplittableRandom has none on Java 17. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
