package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.WriteOutcome;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.testkit.SimulatedReplica.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Random workloads on three simulated replicas with random latencies, crashes and partitions, with
 * and without hedged reads, recorded and checked: with R + W > N and blocking read repair every
 * history is linearizable; with R = W = 1 and delayed propagation reads go stale.
 */
class QuorumLinearizabilityPropertyTest {

  private static final Duration TIMEOUT = Duration.ofMillis(60);

  /** One writer (each write after the previous one's clock) and two readers, all concurrent. */
  private static History run(long seed, int r, int w, boolean faults, int operations) {
    return run(seed, r, w, faults, operations, 1);
  }

  /**
   * {@code writers} concurrent writers and two readers through one client. With more than one
   * writer the writes are blind and stamped by the client's hybrid logical clock, and reads resolve
   * by last-write-wins: one clock for every thread of the client makes a write that starts after
   * another ends the later one.
   */
  private static History run(long seed, int r, int w, boolean faults, int operations, int writers) {
    Random random = new Random(seed);
    ManualScheduler scheduler = new ManualScheduler();
    List<SimulatedReplica<String, String>> replicas = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      replicas.add(
          new SimulatedReplica<>(id, scheduler, Duration.ofMillis(1 + random.nextInt(20))));
    }
    QuorumClient.Builder<String, String> builder =
        QuorumClient.<String, String>builder("writer")
            .replicas(replicas)
            .readLevel(ConsistencyLevel.of(r))
            .writeLevel(ConsistencyLevel.of(w))
            .timeout(TIMEOUT)
            .scheduler(scheduler);
    if (random.nextBoolean()) {
      builder.hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(5), 1.0));
    }
    if (writers > 1) {
      builder
          .timestamps(
              new dev.groundwork.consistency.HybridLogicalClock(
                  "writer", () -> java.time.Instant.ofEpochSecond(0, scheduler.nanos())))
          .resolver(dev.groundwork.consistency.Resolver.lastWriteWins());
    }
    QuorumClient<String, String> client = builder.build();
    History history = new History(scheduler::nanos);
    VectorClock[] writerClock = {VectorClock.empty()};
    CompletableFuture<?>[] busy = new CompletableFuture<?>[writers + 2]; // writers, then 2 readers
    int written = 0;
    for (int step = 0; step < operations * 20 && written + 1 < operations * 3; step++) {
      if (faults && random.nextInt(10) == 0) {
        SimulatedReplica<String, String> victim = replicas.get(random.nextInt(3));
        victim.state(
            List.of(State.UP, State.CRASHED, State.PARTITIONED, State.REPLIES_LOST)
                .get(random.nextInt(4)));
        victim.latency(Duration.ofMillis(1 + random.nextInt(40)));
      }
      for (int p = 0; p < writers + 2; p++) {
        if (busy[p] != null && !busy[p].isDone()) {
          continue;
        }
        if (random.nextInt(3) != 0) {
          continue;
        }
        written++;
        if (p < writers) {
          String value = "v" + written;
          History.Pending op = history.invokeWrite("writer-" + p, "k", value);
          busy[p] =
              client
                  .writeAsync("k", value, writers > 1 ? VectorClock.empty() : writerClock[0])
                  .toCompletableFuture()
                  .whenComplete(
                      (WriteResult res, Throwable e) -> {
                        if (e != null || res.outcome() == WriteOutcome.INDETERMINATE) {
                          op.info();
                        } else if (res.outcome() == WriteOutcome.NOT_APPLIED) {
                          op.fail();
                        } else {
                          op.ok();
                        }
                        if (res != null) {
                          writerClock[0] = res.clock();
                        }
                      });
        } else {
          History.Pending op = history.invokeRead("reader-" + p, "k");
          busy[p] =
              client
                  .readAsync("k")
                  .toCompletableFuture()
                  .whenComplete(
                      (ReadResult<String> res, Throwable e) -> {
                        if (e != null) {
                          op.fail(); // a read that failed observed nothing
                        } else {
                          op.ok(res.value().orElse(null));
                        }
                      });
        }
      }
      scheduler.advance(Duration.ofMillis(1 + random.nextInt(10)));
    }
    for (SimulatedReplica<String, String> replica : replicas) {
      replica.state(State.UP);
    }
    scheduler.runAll();
    return history;
  }

  /**
   * Issue 16: several writers through one client, blind, resolved by last-write-wins on the
   * client's hybrid logical clock: with R + W > N and blocking repair every history is
   * linearizable, checked on values alone (unique per write) and real-time order.
   */
  @Test
  void severalWritersThroughOneClientAreLinearizableWithLastWriteWins() {
    qt().withExamples(100)
        .withShrinkCycles(20)
        .forAll(longs().all(), integers().between(2, 3), integers().between(2, 3))
        .checkAssert(
            (seed, r, writers) -> {
              History history = run(seed, r, 4 - r, true, 20, writers);

              LinearizabilityChecker.Result result = LinearizabilityChecker.check(history);

              assertThat(result.linearizable()).as(result.toString()).isTrue();
            });
  }

  /**
   * 150 random workloads, each from its own seed: a failure prints the workload's seed and R, and
   * the run's seed ({@code -DQT_SEED=...}) that reproduces the whole property.
   */
  @Test
  void strongQuorumsWithBlockingRepairAreLinearizableUnderFaults() {
    qt().withExamples(150)
        .withShrinkCycles(50)
        .forAll(longs().all(), integers().between(2, 3))
        .checkAssert(
            (seed, r) -> {
              int w = 4 - r; // (2, 2) or (3, 1): R + W = 4 > 3
              History history = run(seed, r, w, true, 25);

              LinearizabilityChecker.Result result = LinearizabilityChecker.check(history);

              assertThat(result.linearizable()).as(result.toString()).isTrue();
            });
  }

  /**
   * Each round writes a new value, then reads right after the acknowledgement, while propagation to
   * the other replicas is slow and the replica answering first is random. A read then misses the
   * write when its R replicas avoid the W that hold it: C(N−W, R) / C(N, R) of the time.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "R={0}, W={1}: expected {2}")
  @org.junit.jupiter.params.provider.CsvSource({"1, 1, 0.6667", "2, 1, 0.3333", "1, 2, 0.3333"})
  void weakQuorumsGoStaleAtTheTheoreticalRate(int r, int w, double expected) {
    ManualScheduler scheduler = new ManualScheduler();
    List<SimulatedReplica<String, String>> replicas = new ArrayList<>();
    long seed = 7;
    for (String id : List.of("a", "b", "c")) {
      SimulatedReplica<String, String> replica =
          new SimulatedReplica<>(id, scheduler, Duration.ofMillis(1));
      replica.jitter(Duration.ofMillis(10), Duration.ofMillis(400), seed++);
      replicas.add(replica);
    }
    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("writer")
            .replicas(replicas)
            .readLevel(ConsistencyLevel.of(r))
            .writeLevel(ConsistencyLevel.of(w))
            .readRepair(dev.groundwork.consistency.ReadRepair.OFF)
            .timeout(Duration.ofSeconds(1))
            .scheduler(scheduler)
            .build();
    History history = new History(scheduler::nanos);
    VectorClock clock = VectorClock.empty();
    for (int round = 0; round < 600; round++) {
      String value = "v" + round;
      History.Pending write = history.invokeWrite("writer", "k", value);
      CompletableFuture<WriteResult> wf =
          client.writeAsync("k", value, clock).toCompletableFuture();
      while (!wf.isDone()) {
        scheduler.advance(Duration.ofMillis(1));
      }
      write.ok();
      clock = wf.join().clock();
      scheduler.advance(Duration.ofNanos(1)); // the read starts strictly after the acknowledgement
      History.Pending read = history.invokeRead("reader", "k");
      CompletableFuture<ReadResult<String>> rf = client.readAsync("k").toCompletableFuture();
      while (!rf.isDone()) {
        scheduler.advance(Duration.ofMillis(1));
      }
      read.ok(rf.join().value().orElse(null));
      scheduler.runAll(); // let the write reach everyone before the next round
    }

    Staleness staleness = Staleness.of(history);

    System.out.printf(
        "R=%d W=%d: %.3f of reads stale (theory %.3f)%n",
        r, w, staleness.staleFraction(), expected);
    assertThat(staleness.reads()).isEqualTo(600);
    assertThat(staleness.staleFraction())
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(0.08));
  }
}
