package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.consistency.ConsistencyException;
import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.ORSet;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.QuorumException;
import dev.groundwork.consistency.ReadRepair;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.Resolver;
import dev.groundwork.consistency.Session;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteOutcome;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.testkit.SimulatedReplica.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The quorum client on three simulated replicas, time driven by hand. */
class QuorumClientTest {

  private static final Duration TIMEOUT = Duration.ofMillis(100);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedReplica<String, String> a = replica("a");
  private final SimulatedReplica<String, String> b = replica("b");
  private final SimulatedReplica<String, String> c = replica("c");

  private SimulatedReplica<String, String> replica(String id) {
    return new SimulatedReplica<>(id, scheduler, Duration.ofMillis(10));
  }

  private QuorumClient.Builder<String, String> client(String node) {
    return QuorumClient.<String, String>builder(node)
        .replicas(List.of(a, b, c))
        .timeout(TIMEOUT)
        .scheduler(scheduler);
  }

  /** Runs the simulation until the stage completes (at most a simulated minute). */
  private <T> T await(CompletionStage<T> stage) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    for (int i = 0; i < 60_000 && !f.isDone(); i++) {
      scheduler.advance(Duration.ofMillis(1));
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static Set<String> values(ReadResult<String> r) {
    Set<String> out = new HashSet<>();
    for (Versioned<String> v : r.siblings()) {
      out.add(v.value());
    }
    return out;
  }

  @Test
  void withOneReplicaDownWritesSucceedAHintIsKeptAndTheReplicaConverges() {
    QuorumClient<String, String> client = client("n1").build();
    c.state(State.CRASHED);

    WriteResult w = await(client.writeAsync("k", "v1", VectorClock.empty()));

    assertThat(w.outcome()).isEqualTo(WriteOutcome.SUCCESS);
    assertThat(w.acked()).containsExactlyInAnyOrder("a", "b");
    assertThat(w.failed()).containsExactly("c");
    assertThat(client.pendingHints("c")).isEqualTo(1);
    assertThat(c.stored("k")).isEmpty();

    c.state(State.UP);
    assertThat(client.replayHints()).isEqualTo(1);
    scheduler.advance(Duration.ofMillis(20));

    assertThat(c.stored("k")).extracting(Versioned::value).containsExactly("v1");
    assertThat(client.pendingHints("c")).isZero();
  }

  @Test
  void aWriteWaitsForASlowReplicaWithinItsDeadlineAndNoLonger() {
    QuorumClient<String, String> client = client("n1").build();
    c.state(State.CRASHED);
    b.latency(Duration.ofMillis(80));

    WriteResult slowButInTime = await(client.writeAsync("k", "v1", VectorClock.empty()));
    assertThat(slowButInTime.isSuccess()).isTrue();
    assertThat(scheduler.nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());

    b.latency(Duration.ofMillis(150));
    long start = scheduler.nanos();
    WriteResult tooSlow = await(client.writeAsync("k", "v2", slowButInTime.clock()));

    assertThat(scheduler.nanos() - start).isLessThanOrEqualTo(TIMEOUT.toNanos() + 1_000_000);
    assertThat(tooSlow.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
    assertThat(tooSlow.acked()).containsExactly("a");
    assertThat(tooSlow.failed()).containsExactly("c");
    assertThat(tooSlow.timedOut()).containsExactly("b");
    assertThatThrownBy(tooSlow::requireSuccess)
        .isInstanceOfSatisfying(
            QuorumException.class,
            e -> {
              assertThat(e.required()).isEqualTo(2);
              assertThat(e.achieved()).isEqualTo(1);
              assertThat(e.timedOut()).containsExactly("b");
            })
        .hasMessageContaining("may still become visible");
  }

  @Test
  void aReadWithoutItsQuorumFailsNamingTheReplicas() {
    QuorumClient<String, String> client = client("n1").build();
    b.state(State.PARTITIONED);
    c.state(State.PARTITIONED);

    assertThatThrownBy(() -> await(client.readAsync("k")))
        .isInstanceOfSatisfying(
            QuorumException.class,
            e -> {
              assertThat(e.answered()).containsExactly("a");
              assertThat(e.timedOut()).containsExactlyInAnyOrder("b", "c");
            });
  }

  @Test
  void lateRepliesNeverChangeAReturnedResult() {
    QuorumClient<String, String> client = client("n1").readRepair(ReadRepair.OFF).build();
    WriteResult v1 = await(client.writeAsync("k", "v1", VectorClock.empty()));
    // A newer version reaches only c, which is slow.
    c.put("k", List.of(Versioned.of("v2", new Dot("n2", 1), v1.clock())));
    scheduler.advance(Duration.ofMillis(20));
    c.latency(Duration.ofMillis(50));

    ReadResult<String> read = await(client.readAsync("k"));
    scheduler.advance(Duration.ofMillis(100)); // c's reply arrives now

    assertThat(read.value()).contains("v1");
    assertThat(read.answered()).containsExactlyInAnyOrder("a", "b");
    assertThat(read.timedOut()).containsExactly("c");
  }

  @Test
  void readRepairConvergesAndNeverOverwritesConcurrentSiblings() {
    QuorumClient<String, String> n1 = client("n1").build();
    // Two writers, each reaching one replica: concurrent siblings on a and b; c has neither.
    a.put("k", List.of(Versioned.of("milk", new Dot("n1", 1), VectorClock.empty())));
    b.put("k", List.of(Versioned.of("eggs", new Dot("n2", 1), VectorClock.empty())));
    scheduler.advance(Duration.ofMillis(20));

    ReadResult<String> all =
        await(
            QuorumClient.<String, String>builder("n1")
                .replicas(List.of(a, b, c))
                .readLevel(ConsistencyLevel.ALL)
                .timeout(TIMEOUT)
                .scheduler(scheduler)
                .build()
                .readAsync("k"));

    assertThat(values(all)).containsExactlyInAnyOrder("milk", "eggs");
    assertThat(all.hasConflict()).isTrue();
    assertThat(all.value()).isEmpty();
    for (SimulatedReplica<String, String> replica : List.of(a, b, c)) {
      assertThat(replica.stored("k"))
          .extracting(Versioned::value)
          .containsExactlyInAnyOrder("milk", "eggs");
    }
    assertThat(n1.isStrong()).isTrue();
  }

  @Test
  void concurrentWritersMakeSiblingsAndAMergeSupersedesThem() {
    QuorumClient<String, String> n1 = client("n1").build();
    QuorumClient<String, String> n2 = client("n2").build();
    await(n1.writeAsync("cart", "milk", VectorClock.empty()));
    await(n2.writeAsync("cart", "eggs", VectorClock.empty()));

    ReadResult<String> conflicted = await(n1.readAsync("cart"));
    assertThat(values(conflicted)).containsExactlyInAnyOrder("milk", "eggs");

    QuorumClient<String, String> merging =
        client("n1")
            .resolver(Resolver.merging((x, y) -> x.compareTo(y) < 0 ? x + "," + y : y + "," + x))
            .build();
    ReadResult<String> resolved = await(merging.readAsync("cart"));
    assertThat(resolved.value()).contains("eggs,milk");
    await(merging.writeAsync("cart", resolved.value().orElseThrow(), resolved.context()));

    ReadResult<String> after = await(n1.readAsync("cart"));
    assertThat(after.hasConflict()).isFalse();
    assertThat(after.value()).contains("eggs,milk");
  }

  /**
   * An indeterminate write reached only c. The first read (c and a answer first) sees it; with
   * blocking repair every later quorum read sees it too; with async repair a read that overtakes
   * the repair on its way to a goes back to the old value.
   */
  @Test
  void blockingRepairGivesMonotonicReadsAndAsyncRepairDoesNot() {
    for (ReadRepair mode : List.of(ReadRepair.BLOCKING, ReadRepair.ASYNC)) {
      ManualScheduler s = new ManualScheduler();
      SimulatedReplica<String, String> ra = new SimulatedReplica<>("a", s, Duration.ofMillis(5));
      SimulatedReplica<String, String> rb = new SimulatedReplica<>("b", s, Duration.ofMillis(5));
      SimulatedReplica<String, String> rc = new SimulatedReplica<>("c", s, Duration.ofMillis(1));
      QuorumClient<String, String> client =
          QuorumClient.<String, String>builder("n1")
              .replicas(List.of(ra, rb, rc))
              .timeout(TIMEOUT)
              .scheduler(s)
              .readRepair(mode)
              .build();
      Versioned<String> v1 = Versioned.of("v1", new Dot("w", 1), VectorClock.empty());
      for (SimulatedReplica<String, String> r : List.of(ra, rb, rc)) {
        r.put("k", List.of(v1));
      }
      // the indeterminate write's remnant
      rc.put("k", List.of(Versioned.of("v2", new Dot("w", 2), v1.history())));
      s.advance(Duration.ofMillis(10));
      ra.putLatency(Duration.ofMillis(30)); // the repair travels slower than the next read

      CompletableFuture<ReadResult<String>> first = client.readAsync("k").toCompletableFuture();
      while (!first.isDone()) {
        s.advance(Duration.ofMillis(1));
      }
      rc.state(State.PARTITIONED); // the next read is answered by a and b
      CompletableFuture<ReadResult<String>> second = client.readAsync("k").toCompletableFuture();
      while (!second.isDone()) {
        s.advance(Duration.ofMillis(1));
      }

      assertThat(first.join().value()).contains("v2");
      if (mode == ReadRepair.BLOCKING) {
        assertThat(second.join().value()).as("monotonic with blocking repair").contains("v2");
      } else {
        assertThat(second.join().value()).as("async repair can go back").contains("v1");
      }
    }
  }

  @Test
  void aSessionReadsItsOwnWritesEvenAtLevelOne() {
    QuorumClient<String, String> client =
        client("n1").readLevel(ConsistencyLevel.ONE).writeLevel(ConsistencyLevel.ONE).build();
    Session<String, String> session = client.session();
    a.latency(Duration.ofMillis(1));
    b.latency(Duration.ofMillis(30));
    c.latency(Duration.ofMillis(30));

    // Acknowledged by a alone after 1 ms; b and c apply it at 30 ms.
    WriteResult w = await(session.writeAsync("profile", "new name"));
    assertThat(w.acked()).containsExactly("a");

    // Now b answers first, and b has not applied the write yet.
    a.latency(Duration.ofMillis(50));
    b.latency(Duration.ofMillis(1));
    ReadResult<String> plain = await(client.readAsync("profile"));
    assertThat(plain.answered()).containsExactly("b");
    assertThat(plain.value()).isEmpty();

    ReadResult<String> own = await(session.readAsync("profile"));
    assertThat(own.value()).contains("new name");
  }

  @Test
  void anApReadAnswersFromTheReplicasItReachesFlaggedStaleWhileCpRefuses() {
    QuorumClient<String, String> client = client("n1").build();
    await(client.writeAsync("k", "v1", VectorClock.empty()));
    b.state(State.PARTITIONED);
    c.state(State.PARTITIONED);

    ReadResult<String> ap =
        await(
            client.readAsync(
                "k", ConsistencyLevel.QUORUM, dev.groundwork.consistency.Availability.AP));

    assertThat(ap.possiblyStale()).isTrue();
    assertThat(ap.value()).contains("v1");
    assertThat(ap.answered()).containsExactly("a");
    assertThatThrownBy(
            () ->
                await(
                    client.readAsync(
                        "k", ConsistencyLevel.QUORUM, dev.groundwork.consistency.Availability.CP)))
        .isInstanceOf(QuorumException.class);
    assertThat(
            await(
                    client.readAsync(
                        "k", ConsistencyLevel.ONE, dev.groundwork.consistency.Availability.CP))
                .possiblyStale())
        .isFalse();
  }

  @Test
  void aWriteIsNotSentWhenTooFewReplicasAreBelievedUp() {
    QuorumClient<String, String> client = client("n1").suspicion(Duration.ofSeconds(5)).build();
    b.state(State.CRASHED);
    c.state(State.CRASHED);
    WriteResult first = await(client.writeAsync("k", "v1", VectorClock.empty()));
    assertThat(first.outcome()).isEqualTo(WriteOutcome.INDETERMINATE); // sent, and a stored it

    WriteResult second = await(client.writeAsync("k", "v2", first.clock()));
    assertThat(second.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
    assertThat(second.failed()).containsExactlyInAnyOrder("b", "c");
    scheduler.advance(Duration.ofMillis(20)); // the first write's put lands on a; v2 never left
    assertThat(a.stored("k")).extracting(Versioned::value).containsExactly("v1");

    // At level ONE the same write goes through; after the suspicion ends, QUORUM tries again.
    assertThat(await(client.writeAsync("k", "v3", first.clock(), ConsistencyLevel.ONE)).isSuccess())
        .isTrue();
    b.state(State.UP);
    scheduler.advance(Duration.ofSeconds(6));
    assertThat(await(client.writeAsync("k", "v4", first.clock())).isSuccess()).isTrue();
  }

  @Test
  void aHedgedReadAsksOneMoreReplicaWhenOneIsSlowAndNeverCountsAReplicaTwice() {
    a.latency(Duration.ofMillis(100)); // a is asked first and is slow
    QuorumClient<String, String> hedged =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(20), 1.0))
            .build();
    await(hedged.writeAsync("k", "v1", VectorClock.empty()));
    scheduler.advance(Duration.ofMillis(200));

    long start = scheduler.nanos();
    ReadResult<String> read = await(hedged.readAsync("k"));

    assertThat(read.value()).contains("v1");
    assertThat(read.answered()).containsExactlyInAnyOrder("b", "c");
    assertThat(hedged.hedgesSent()).isEqualTo(1);
    assertThat(scheduler.nanos() - start).isLessThan(Duration.ofMillis(100).toNanos());

    QuorumClient<String, String> noBudget =
        client("n2")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(20), 0.0))
            .build();
    long again = scheduler.nanos();
    ReadResult<String> waited = await(noBudget.readAsync("k"));
    assertThat(noBudget.hedgesSent()).isZero();
    // Without budget it waits, but halfway to the deadline it asks the replica left (a rescue),
    // so a slow or silent replica never makes a hedged read fail where an unhedged one succeeds.
    assertThat(waited.answered()).containsExactlyInAnyOrder("b", "c");
    assertThat(scheduler.nanos() - again).isEqualTo(TIMEOUT.dividedBy(2).plusMillis(10).toNanos());
  }

  @Test
  void hedgedReadsLearnWhichReplicaIsSlowAndStopAskingItFirst() {
    a.latency(Duration.ofMillis(60)); // first in configuration order, and slow
    QuorumClient<String, String> hedged =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(20), 1.0))
            .nanoTime(scheduler::nanos)
            .build();
    await(hedged.writeAsync("k", "v1", VectorClock.empty()));

    long slowest = 0;
    for (int i = 0; i < 12; i++) {
      scheduler.advance(Duration.ofMillis(100)); // let late replies arrive and be timed
      long start = scheduler.nanos();
      assertThat(await(hedged.readAsync("k")).value()).contains("v1");
      if (i >= 2) {
        slowest = Math.max(slowest, scheduler.nanos() - start);
      }
    }

    // Only the first read, which knew nothing yet, needed a hedge; every later one asked b and c
    // and took their 10 ms. Asking in configuration order hedged every read (30 ms each).
    assertThat(hedged.hedgesSent()).isEqualTo(1);
    assertThat(slowest).isEqualTo(Duration.ofMillis(10).toNanos());
  }

  /**
   * Defect 8: with one replica silently partitioned, hedged QUORUM reads failed more than half the
   * time, because only replies taught the ranking; now silence counts as slow, and once its
   * estimate expires only one read at a time probes it again.
   */
  @Test
  void hedgedQuorumReadsSucceedWhileAReplicaIsSilentlyPartitioned() {
    QuorumClient<String, String> hedged =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(15), 0.05))
            .suspicion(Duration.ofMillis(500))
            .nanoTime(scheduler::nanos)
            .build();
    await(hedged.writeAsync("k", "v1", VectorClock.empty()));
    c.state(State.PARTITIONED);

    int failed = 0;
    int reads = 0;
    int[] slow = {0};
    for (int round = 0; round < 60; round++) { // 3 simulated seconds: c's estimate expires often
      List<CompletableFuture<ReadResult<String>>> concurrent = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long asked = scheduler.nanos();
        CompletableFuture<ReadResult<String>> read = hedged.readAsync("k").toCompletableFuture();
        CompletableFuture<?> unused =
            read.whenComplete(
                (r, e) -> {
                  if (scheduler.nanos() - asked > Duration.ofMillis(10).toNanos()) {
                    slow[0]++; // waited for a hedge or a rescue: c was asked
                  }
                });
        concurrent.add(read);
      }
      scheduler.advance(Duration.ofMillis(50));
      for (CompletableFuture<ReadResult<String>> read : concurrent) {
        reads++;
        try {
          assertThat(await(read).value()).contains("v1");
        } catch (QuorumException e) {
          failed++;
        }
      }
    }
    assertThat(failed).as("failed of %d hedged quorum reads", reads).isZero();
    // The first round knows nothing; after that, c is asked by one probe per expired estimate.
    assertThat(slow[0]).as("reads that asked the silent replica, of %d", reads).isLessThan(20);
    assertThat(hedged.hedgesSent()).isLessThanOrEqualTo((long) (0.05 * reads) + 1);
  }

  @Test
  void aPercentileHedgeWaitsAboutAsLongAsRepliesUsuallyTake() {
    QuorumClient<String, String> hedged =
        client("n1")
            .hedging(
                dev.groundwork.consistency.HedgePolicy.atPercentile(
                    0.9, Duration.ofMillis(80), 1.0))
            .nanoTime(scheduler::nanos)
            .build();
    await(hedged.writeAsync("k", "v1", VectorClock.empty()));
    for (int i = 0; i < 30; i++) {
      await(hedged.readAsync("k")); // replies take 10 ms: the p90 becomes about 10 ms
    }
    assertThat(hedged.hedgesSent()).isZero();

    a.latency(Duration.ofMillis(200));
    long start = scheduler.nanos();
    ReadResult<String> read = await(hedged.readAsync("k"));

    assertThat(read.answered()).containsExactlyInAnyOrder("b", "c");
    assertThat(hedged.hedgesSent()).isEqualTo(1);
    // about p90 (10 ms) + c's 10 ms, far below the 80 ms starting delay
    assertThat(scheduler.nanos() - start).isLessThan(Duration.ofMillis(40).toNanos());
  }

  @Test
  void aHedgedReadFailsOverAtOnceAndStaysWithinItsBudget() {
    QuorumClient<String, String> hedged =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(20), 0.1))
            .build();
    await(hedged.writeAsync("k", "v1", VectorClock.empty()));
    scheduler.advance(Duration.ofMillis(50));

    a.state(State.CRASHED); // refused at once: c is asked, not as a hedge
    ReadResult<String> failover = await(hedged.readAsync("k"));
    assertThat(failover.answered()).containsExactlyInAnyOrder("b", "c");
    assertThat(hedged.hedgesSent()).isZero();

    a.state(State.UP);
    a.latency(Duration.ofMillis(80));
    scheduler.advance(Duration.ofSeconds(6)); // a is no longer believed down: asked first again
    for (int i = 0; i < 20; i++) {
      await(hedged.readAsync("k"));
    }
    assertThat(hedged.hedgesSent()).isBetween(1L, 3L); // ≤ 10 % of 21 reads, plus one
  }

  @Test
  void aWriteWhoseAcknowledgementsAreLostIsIndeterminateAndStillBecomesVisible() {
    QuorumClient<String, String> client = client("n1").build();
    b.state(State.REPLIES_LOST); // b and c apply the write, but their replies never come back
    c.state(State.REPLIES_LOST);

    WriteResult w = await(client.writeAsync("k", "applied", VectorClock.empty()));
    assertThat(w.outcome()).isEqualTo(WriteOutcome.INDETERMINATE);
    assertThat(w.acked()).containsExactly("a");
    assertThat(w.timedOut()).containsExactlyInAnyOrder("b", "c");

    b.state(State.UP);
    c.state(State.UP);
    assertThat(await(client.readAsync("k")).value()).contains("applied");
  }

  @Test
  void dropsBelowTheQuorumSlackDoNotStopAStrongClient() {
    QuorumClient<String, String> client = client("n1").build();
    c.dropRate(1.0); // every request to c is lost
    VectorClock clock = VectorClock.empty();
    for (int i = 0; i < 10; i++) {
      WriteResult w = await(client.writeAsync("k", "v" + i, clock)).requireSuccess();
      clock = w.clock();
      assertThat(await(client.readAsync("k")).value()).contains("v" + i);
    }
    assertThat(client.pendingHints("c")).isPositive();
  }

  @Test
  void listenersHearWhatTheClientDid() {
    List<dev.groundwork.consistency.QuorumEvent> events =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    QuorumClient<String, String> weak =
        client("n0").writeLevel(ConsistencyLevel.ONE).listener(events::add).build();
    assertThat(events)
        .containsExactly(new dev.groundwork.consistency.QuorumEvent.WeakWriteQuorum(3, 1));
    assertThat(weak.isStrong()).isFalse();

    events.clear();
    QuorumClient<String, String> client =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(20), 1.0))
            .listener(events::add)
            .build();
    c.state(State.CRASHED);
    await(client.writeAsync("k", "v1", VectorClock.empty()));
    c.state(State.UP);
    a.latency(Duration.ofMillis(100)); // asked first, slow: a hedge goes to c, which is stale
    await(client.readAsync("k"));

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .contains("HintStored", "WriteCompleted", "Hedged", "ReadCompleted", "Repaired");
  }

  @Test
  void theOptInLastWriteWinsModeKeepsTheLaterOfTwoConcurrentWrites() {
    java.time.InstantSource wall =
        () -> java.time.Instant.ofEpochMilli(1_000 + scheduler.nanos() / 1_000_000);
    QuorumClient<String, String> first =
        client("n1")
            .timestamps(new dev.groundwork.consistency.HybridLogicalClock("n1", wall))
            .resolver(Resolver.lastWriteWins())
            .build();
    QuorumClient<String, String> second =
        client("n2")
            .timestamps(new dev.groundwork.consistency.HybridLogicalClock("n2", wall))
            .resolver(Resolver.lastWriteWins())
            .build();

    await(first.writeAsync("theme", "dark", VectorClock.empty()));
    scheduler.advance(Duration.ofMillis(5));
    await(second.writeAsync("theme", "light", VectorClock.empty())); // concurrent: a blind write

    ReadResult<String> read = await(first.readAsync("theme"));
    assertThat(read.hasConflict()).isTrue();
    assertThat(read.value()).contains("light");
  }

  @Test
  void aQuorumReadTracksTheRthFastestReplicaUnderLongTails() {
    java.util.Random random = new java.util.Random(3);
    for (SimulatedReplica<String, String> r : List.of(a, b, c)) {
      // 90 % of requests take 5 ms, 10 % take 200 ms: a long tail on every replica
      r.latencyDistribution(() -> Duration.ofMillis(random.nextInt(10) == 0 ? 200 : 5));
    }
    QuorumClient<String, String> client = client("n1").timeout(Duration.ofSeconds(1)).build();
    await(client.writeAsync("k", "v", VectorClock.empty()));
    int slow = 0;
    for (int i = 0; i < 200; i++) {
      long start = scheduler.nanos();
      await(client.readAsync("k"));
      if (scheduler.nanos() - start > Duration.ofMillis(100).toNanos()) {
        slow++;
      }
    }
    // Waiting for 2 of 3 is slow only when 2 replicas are in the tail: 3·0.1²·0.9 + 0.1³ ≈ 2.8 %.
    assertThat(slow).isLessThan(15);
  }

  /**
   * Two clients add to a shared set concurrently, each by read-modify-write with the read's
   * context, through crashes; with the OR-set resolver no acknowledged add is lost.
   */
  @Test
  void aSetWorkloadLosesNoAcknowledgedElement() {
    List<SimulatedReplica<String, ORSet<String>>> sets = new java.util.ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      sets.add(new SimulatedReplica<>(id, scheduler, Duration.ofMillis(5)));
    }
    QuorumClient<String, ORSet<String>> c1 = setClient("n1", sets);
    QuorumClient<String, ORSet<String>> c2 = setClient("n2", sets);
    Set<String> acknowledged = new HashSet<>();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 60; i++) {
      if (i % 10 == 0) {
        sets.get(random.nextInt(3)).state(random.nextBoolean() ? State.UP : State.CRASHED);
      }
      String node = i % 2 == 0 ? "n1" : "n2";
      QuorumClient<String, ORSet<String>> client = i % 2 == 0 ? c1 : c2;
      String element = "item-" + i;
      try {
        ReadResult<ORSet<String>> read = await(client.readAsync("cart"));
        ORSet<String> current = read.value().orElse(ORSet.empty());
        WriteResult w =
            await(client.writeAsync("cart", current.add(node, element), read.context()));
        if (w.isSuccess()) {
          acknowledged.add(element);
        }
      } catch (QuorumException e) {
        // unavailable this time: not acknowledged
      }
    }
    for (SimulatedReplica<String, ORSet<String>> r : sets) {
      r.state(State.UP);
    }
    c1.replayHints();
    c2.replayHints();
    scheduler.advance(Duration.ofMillis(100));

    Set<String> stored = await(c1.readAsync("cart")).value().orElseThrow().elements();
    assertThat(acknowledged).hasSizeGreaterThan(30);
    assertThat(stored).containsAll(acknowledged);
  }

  private QuorumClient<String, ORSet<String>> setClient(
      String node, List<SimulatedReplica<String, ORSet<String>>> sets) {
    return QuorumClient.<String, ORSet<String>>builder(node)
        .replicas(sets)
        .timeout(TIMEOUT)
        .scheduler(scheduler)
        .resolver(Resolver.crdt())
        .build();
  }

  @Test
  void aSloppyQuorumWritesToAStandInWhileAHomeReplicaIsDown() {
    SimulatedReplica<String, String> d = replica("d");
    QuorumClient<String, String> strict = client("n1").writeLevel(ConsistencyLevel.ALL).build();
    QuorumClient<String, String> sloppy =
        client("n2").writeLevel(ConsistencyLevel.ALL).sloppyQuorum(List.of(d)).build();
    c.state(State.CRASHED);
    await(strict.writeAsync("k", "probe", VectorClock.empty())); // both learn c refuses
    await(sloppy.writeAsync("k", "probe", VectorClock.empty()));

    WriteResult refused = await(strict.writeAsync("k", "v1", VectorClock.empty()));
    WriteResult accepted = await(sloppy.writeAsync("k", "v2", VectorClock.empty()));

    assertThat(refused.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
    assertThat(accepted.isSuccess()).isTrue();
    assertThat(accepted.acked()).containsExactlyInAnyOrder("a", "b", "d");
    assertThat(d.stored("k")).extracting(Versioned::value).contains("v2");

    c.state(State.UP);
    sloppy.replayHints();
    scheduler.advance(Duration.ofMillis(50));
    assertThat(c.stored("k")).extracting(Versioned::value).contains("v2");
    assertThatThrownBy(() -> client("n3").sloppyQuorum(List.of(a)).build())
        .hasMessageContaining("share the id 'a'");
  }

  /**
   * Regression (issue 16): a blind write replaced the client's earlier writes, against the javadoc.
   * A blind write has seen nothing, so it supersedes nothing: both are siblings until a write that
   * read them.
   */
  @Test
  void blindWritesFromOneClientBecomeSiblingsUntilAWriteThatSawThem() {
    QuorumClient<String, String> client = client("n1").build();
    WriteResult first = await(client.writeAsync("k", "first", VectorClock.empty()));
    WriteResult second = await(client.writeAsync("k", "second", VectorClock.empty()));

    assertThat(second.clock()).isNotEqualTo(first.clock());
    assertThat(second.clock().descendsFrom(first.clock())).isFalse();
    ReadResult<String> read = await(client.readAsync("k"));
    assertThat(values(read)).containsExactlyInAnyOrder("first", "second");

    await(client.writeAsync("k", "both", read.context()));
    assertThat(values(await(client.readAsync("k")))).containsExactly("both");
    // A write made from an earlier write's result supersedes that write and nothing else.
    WriteResult third = await(client.writeAsync("k", "third", VectorClock.empty()));
    await(client.writeAsync("k", "after-third", third.clock()));
    assertThat(values(await(client.readAsync("k"))))
        .containsExactlyInAnyOrder("both", "after-third");
  }

  @Test
  void configurationMistakesAreRefused() {
    assertThatThrownBy(() -> client("n").readLevel(ConsistencyLevel.of(4)).build())
        .isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("allowed 1 to N = 3");
    assertThatThrownBy(() -> QuorumClient.<String, String>builder("n").build())
        .hasMessageContaining("at least one replica");
    assertThatThrownBy(
            () -> QuorumClient.<String, String>builder("n").replicas(List.of(a, a)).build())
        .hasMessageContaining("share the id 'a'");
    assertThatThrownBy(() -> client("n").timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> QuorumClient.builder(" ")).hasMessageContaining("nodeId");
    assertThatThrownBy(
            () ->
                client("n")
                    .build()
                    .readAsync(
                        "k", ConsistencyLevel.of(5), dev.groundwork.consistency.Availability.CP))
        .hasMessageContaining("allowed 1 to N = 3");
    assertThat(
            client("n")
                .readLevel(ConsistencyLevel.ONE)
                .writeLevel(ConsistencyLevel.ONE)
                .build()
                .isStrong())
        .isFalse();
  }

  @Test
  void aWriteQuorumOfHalfTheReplicasOrLessIsReportedAsWeakAndAMajorityIsNot() {
    List<dev.groundwork.consistency.QuorumEvent> events =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    SimulatedReplica<String, String> d = replica("d");

    QuorumClient.<String, String>builder("half")
        .replicas(List.of(a, b, c, d))
        .writeLevel(ConsistencyLevel.of(2))
        .scheduler(scheduler)
        .listener(events::add)
        .build();
    assertThat(events)
        .as("2 of 4: two writes can land on disjoint halves")
        .containsExactly(new dev.groundwork.consistency.QuorumEvent.WeakWriteQuorum(4, 2));

    events.clear();
    client("majority").writeLevel(ConsistencyLevel.of(2)).listener(events::add).build();
    assertThat(events).as("2 of 3 is a majority").isEmpty();
  }

  @Test
  void aReplicaThatHasNotAnsweredIsReportedAndItsHintGoesOnceItAcknowledges() {
    QuorumClient<String, String> client = client("n1").build();
    c.putLatency(Duration.ofMillis(300));
    c.latency(Duration.ofMillis(300));

    WriteResult w = await(client.writeAsync("k", "v1", VectorClock.empty()));
    assertThat(w.acked()).containsExactlyInAnyOrder("a", "b");
    assertThat(w.timedOut()).containsExactly("c");
    assertThat(client.pendingHints("c")).as("kept until c acknowledges").isEqualTo(1);

    scheduler.advance(Duration.ofMillis(300));
    assertThat(client.pendingHints("c")).as("c's own acknowledgement settles the hint").isZero();

    ReadResult<String> r = await(client.readAsync("k"));
    assertThat(r.answered()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.timedOut()).containsExactly("c");
  }

  @Test
  void aHedgedReadFailsOverToTheNextReplicaAtOnceWhenOneRefuses() {
    // The hedge would come only after 1 s, long after the 100 ms deadline: only failing over at
    // once, when a refuses, reaches the quorum in time.
    QuorumClient<String, String> client =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofSeconds(1), 1.0))
            .build();
    await(client.writeAsync("k", "v1", VectorClock.empty()));
    a.state(State.CRASHED);

    ReadResult<String> r = await(client.readAsync("k"));

    assertThat(r.answered()).containsExactlyInAnyOrder("b", "c");
    assertThat(r.failed()).containsExactly("a");
    assertThat(r.value()).contains("v1");
  }

  /** Counts the deadline timers the client sets and cancels (those of exactly the timeout). */
  private static final class DeadlineCounter implements dev.groundwork.consistency.Scheduler {
    private final ManualScheduler inner;
    int set;
    int cancelled;

    DeadlineCounter(ManualScheduler inner) {
      this.inner = inner;
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
      Runnable cancel = inner.schedule(delay, task);
      if (!delay.equals(TIMEOUT)) {
        return cancel;
      }
      set++;
      return () -> {
        cancelled++;
        cancel.run();
      };
    }
  }

  @Test
  void everyOperationCancelsItsDeadlineOnceItHasItsAnswer() {
    DeadlineCounter deadlines = new DeadlineCounter(scheduler);
    QuorumClient<String, String> client =
        client("n1").scheduler(deadlines).readRepair(ReadRepair.BLOCKING).build();

    QuorumClient<String, String> asyncRepair =
        client("n2").scheduler(deadlines).readRepair(ReadRepair.ASYNC).build();

    await(client.writeAsync("k", "v1", VectorClock.empty()));
    await(client.readAsync("k"));
    await(asyncRepair.readAsync("k"));
    c.state(State.CRASHED);
    b.state(State.CRASHED);
    assertThatThrownBy(() -> await(client.readAsync("k"))).isInstanceOf(QuorumException.class);

    assertThat(deadlines.set).isEqualTo(4);
    assertThat(deadlines.cancelled)
        .as("no timer is left to fire for a finished operation")
        .isEqualTo(4);
  }

  @Test
  void aLateAcknowledgementSettlesOnlyTheHintOfTheVersionItCarried() {
    QuorumClient<String, String> client = client("n1").build();
    c.putLatency(Duration.ofMillis(300));
    // Two concurrent versions of one key (their contexts saw different writers): c holds a hint
    // for each until it acknowledges that one.
    await(client.writeAsync("k", "left", VectorClock.empty().increment("x")));
    scheduler.advance(Duration.ofMillis(20));
    await(client.writeAsync("k", "right", VectorClock.empty().increment("y")));
    assertThat(client.pendingHints("c")).isEqualTo(2);

    // "left" reaches c at 300 ms, "right" about 30 ms later.
    scheduler.advance(Duration.ofMillis(300 - scheduler.nanos() / 1_000_000 + 5));
    assertThat(client.pendingHints("c")).isEqualTo(1);
    scheduler.advance(Duration.ofMillis(100));
    assertThat(client.pendingHints("c")).isZero();
  }

  @Test
  void aSloppyQuorumSkipsSuspectedStandInsAndKeepsAHintForEachReplacedReplica() {
    SimulatedReplica<String, String> d = replica("d");
    SimulatedReplica<String, String> e = replica("e");
    QuorumClient<String, String> client =
        client("n1").writeLevel(ConsistencyLevel.ALL).sloppyQuorum(List.of(d, e)).build();
    c.state(State.CRASHED);
    d.state(State.CRASHED);

    await(client.writeAsync("k1", "v", VectorClock.empty())); // c refuses: suspected
    await(client.writeAsync("k2", "v", VectorClock.empty())); // d stands in, refuses: suspected
    WriteResult third = await(client.writeAsync("k3", "v", VectorClock.empty()));

    assertThat(third.acked()).containsExactlyInAnyOrder("a", "b", "e");
    assertThat(third.isSuccess()).isTrue();
    assertThat(client.pendingHints("c")).as("one per key written without c").isEqualTo(3);
  }

  // ---- regressions of issue 16 ----------------------------------------------------------------

  /** Defect 3: with R = W = 1 a stale read made the client's next write supersede its own. */
  @Test
  void aWriteAfterAStaleReadNeverSupersedesTheWriteItDidNotSee() {
    QuorumClient<String, String> client =
        client("n1")
            .readLevel(ConsistencyLevel.ONE)
            .writeLevel(ConsistencyLevel.ONE)
            .readRepair(ReadRepair.OFF)
            .build();
    b.state(State.PARTITIONED);
    c.state(State.PARTITIONED);
    assertThat(await(client.writeAsync("k", "first", VectorClock.empty())).isSuccess()).isTrue();
    b.state(State.UP);
    c.state(State.UP);
    c.latency(Duration.ofMillis(1)); // the stale replica answers first
    a.latency(Duration.ofMillis(20));
    b.latency(Duration.ofMillis(20));

    ReadResult<String> stale = await(client.readAsync("k"));
    assertThat(stale.siblings()).isEmpty();
    await(client.writeAsync("k", "second", stale.context()));
    scheduler.runAll();

    assertThat(a.stored("k")).extracting(Versioned::value).contains("first", "second");
  }

  /** Defect 5: a write after reading a newer timestamp must be later than it under LWW. */
  @Test
  void lastWriteWinsOrdersAWriteAfterWhatItsWriterRead() {
    java.time.InstantSource behind = () -> java.time.Instant.ofEpochMilli(1_000);
    java.time.InstantSource ahead = () -> java.time.Instant.ofEpochMilli(9_000);
    QuorumClient<String, String> late =
        client("late")
            .timestamps(new dev.groundwork.consistency.HybridLogicalClock("late", behind))
            .resolver(Resolver.lastWriteWins())
            .build();
    QuorumClient<String, String> early =
        client("early")
            .timestamps(new dev.groundwork.consistency.HybridLogicalClock("early", ahead))
            .build();
    await(early.writeAsync("k", "theirs", VectorClock.empty()));

    assertThat(await(late.readAsync("k")).value()).contains("theirs");
    await(late.writeAsync("k", "mine", VectorClock.empty())); // a sibling, written after the read

    assertThat(await(late.readAsync("k")).value()).contains("mine");
  }

  /** Defect 6: a NOT_APPLIED write under a sloppy quorum was hinted and delivered later. */
  @Test
  void aWriteReportedNotAppliedNeverTakesEffect() {
    SimulatedReplica<String, String> d = replica("d");
    QuorumClient<String, String> client =
        client("n1").writeLevel(ConsistencyLevel.ALL).sloppyQuorum(List.of(d)).build();
    a.state(State.CRASHED);
    c.state(State.CRASHED);
    assertThatThrownBy(() -> await(client.readAsync("k"))).isInstanceOf(QuorumException.class);

    WriteResult refused = await(client.writeAsync("k", "ghost", VectorClock.empty()));
    assertThat(refused.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
    assertThat(client.pendingHints("a")).isZero();
    assertThat(client.pendingHints("c")).isZero();

    a.state(State.UP);
    c.state(State.UP);
    client.replayHints();
    scheduler.runAll();
    for (SimulatedReplica<String, String> r : List.of(a, b, c, d)) {
      assertThat(r.stored("k")).as(r.id()).isEmpty();
    }
  }

  /** Defect 8: a hedged read whose first replica refused at once asked past the end and threw. */
  @Test
  void aHedgedReadFailsOverFromARefusingReplicaOnceEach() {
    QuorumClient<String, String> client =
        client("n1")
            .hedging(dev.groundwork.consistency.HedgePolicy.after(Duration.ofMillis(5), 1.0))
            .build();
    await(client.writeAsync("k", "v", VectorClock.empty()));
    a.state(State.CRASHED);
    b.state(State.CRASHED);

    assertThatThrownBy(() -> await(client.readAsync("k")))
        .isInstanceOfSatisfying(
            QuorumException.class, e -> assertThat(e.failed()).containsExactlyInAnyOrder("a", "b"));
    b.state(State.UP);
    assertThat(await(client.readAsync("k")).value()).contains("v");
  }

  /** Defect 10: a quorum failure kept no cause; the caller could not tell why a replica failed. */
  @Test
  void aQuorumFailureKeepsEachReplicasCause() {
    QuorumClient<String, String> client = client("n1").build();
    b.state(State.CRASHED);
    c.state(State.CRASHED);

    assertThatThrownBy(() -> await(client.readAsync("k")))
        .isInstanceOfSatisfying(
            QuorumException.class,
            e -> {
              assertThat(e.failures().keySet()).containsExactlyInAnyOrder("b", "c");
              assertThat(e.failures().get("b")).hasMessageContaining("b: connection refused");
              assertThat(e.getCause()).isIn(e.failures().values());
              assertThat(e.getSuppressed()).hasSize(1);
            })
        .hasMessageContaining("connection refused");

    WriteResult notApplied = await(client.writeAsync("k", "v", VectorClock.empty()));
    assertThat(notApplied.outcome()).isEqualTo(WriteOutcome.NOT_APPLIED);
    assertThat(notApplied.failures().get("c"))
        .as("a write not sent names the failure that made each replica suspect")
        .hasMessageContaining("c: connection refused");
    assertThatThrownBy(notApplied::requireSuccess)
        .isInstanceOf(QuorumException.class)
        .hasMessageContaining("c (IOException: c: connection refused)");
  }

  /**
   * Defect 9: a session read at ONE retried at ALL and failed when an unrelated replica was down.
   */
  @Test
  void aSessionReadAtOneNeedsOnlyOneReplicaThatHasSeenTheSession() {
    QuorumClient<String, String> client =
        client("n1").readLevel(ConsistencyLevel.ONE).readRepair(ReadRepair.OFF).build();
    Session<String, String> session = client.session();
    c.state(State.PARTITIONED);
    assertThat(await(session.writeAsync("k", "mine")).isSuccess()).isTrue();
    c.state(State.UP);
    c.latency(Duration.ofMillis(1)); // stale, and first to answer
    b.state(State.PARTITIONED); // unrelated, and silent

    long started = scheduler.nanos();
    assertThat(await(session.readAsync("k")).value()).contains("mine");
    assertThat(Duration.ofNanos(scheduler.nanos() - started))
        .as("answered by a, not at the deadline")
        .isLessThan(TIMEOUT);
  }

  /** Defect 12: the client's own deadline thread outlived it. */
  @Test
  void closingTheClientStopsItsOwnThread() throws InterruptedException {
    Set<Thread> before = deadlineThreads();
    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("closing")
            .replicas(List.of(new dev.groundwork.consistency.InMemoryReplica<>("m")))
            .build();
    client.write("k", "v", VectorClock.empty()).requireSuccess();
    Set<Thread> own = deadlineThreads();
    own.removeAll(before);
    assertThat(own).hasSize(1);
    client.close();
    Thread thread = own.iterator().next();
    thread.join(Duration.ofSeconds(5).toMillis());
    assertThat(thread.isAlive()).isFalse();
  }

  private static Set<Thread> deadlineThreads() {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("groundwork-quorum-deadlines") && t.isAlive()) {
        out.add(t);
      }
    }
    return out;
  }

  @Test
  void hintsAreReplayedWhenTheReplicaAnswersAgainWithoutBeingAsked() {
    QuorumClient<String, String> client = client("n1").build();
    c.state(State.PARTITIONED);
    await(client.writeAsync("k1", "one", VectorClock.empty()));
    assertThat(client.pendingHints("c")).isEqualTo(1);
    c.state(State.UP);
    await(client.readAsync("other")); // c answers a read: its hints follow
    scheduler.advance(Duration.ofMillis(50));
    assertThat(c.stored("k1")).extracting(Versioned::value).containsExactly("one");
    assertThat(client.pendingHints("c")).isZero();

    c.state(State.PARTITIONED);
    await(client.writeAsync("k2", "two", VectorClock.empty()));
    c.state(State.UP);
    await(client.writeAsync("k3", "three", VectorClock.empty())); // c acknowledges a write
    scheduler.advance(Duration.ofMillis(50));
    assertThat(c.stored("k2")).extracting(Versioned::value).containsExactly("two");
  }

  /** A replica that counts the puts it is sent. */
  private static final class CountingReplica
      implements dev.groundwork.consistency.spi.Replica<String, String> {
    final SimulatedReplica<String, String> inner;
    int puts;

    CountingReplica(SimulatedReplica<String, String> inner) {
      this.inner = inner;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public CompletionStage<List<Versioned<String>>> get(String key) {
      return inner.get(key);
    }

    @Override
    public CompletionStage<Void> put(String key, List<Versioned<String>> versions) {
      puts++;
      return inner.put(key, versions);
    }
  }

  /**
   * Defect 11: hints were only replayed when something was written. They now have a timer of their
   * own that backs off while the replica stays down, and no traffic is needed for them to arrive.
   */
  @Test
  void hintsAreReplayedOnTheirOwnTimerWithBackoff() {
    CountingReplica counted = new CountingReplica(c);
    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("n1")
            .replicas(List.of(a, b, counted))
            .timeout(TIMEOUT)
            .scheduler(scheduler)
            .hints(
                new dev.groundwork.consistency.HintPolicy(
                    Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofHours(1), 1_000))
            .build();
    c.state(State.CRASHED);
    for (int i = 0; i < 10; i++) {
      await(client.writeAsync("k" + i, "v" + i, VectorClock.empty()));
    }
    int sentWhileWriting = counted.puts;
    scheduler.advance(Duration.ofMinutes(2)); // c stays down: rounds at 1, 2, 4, 8, 8, 8 ... s
    int rounds = (counted.puts - sentWhileWriting) / 10;
    assertThat(rounds).as("rounds in two minutes, backing off to 8 s").isBetween(14, 18);

    c.state(State.UP);
    scheduler.advance(Duration.ofSeconds(9)); // no read, no write: the timer delivers
    for (int i = 0; i < 10; i++) {
      assertThat(c.stored("k" + i)).extracting(Versioned::value).containsExactly("v" + i);
    }
    assertThat(client.pendingHints("c")).isZero();
    int after = counted.puts;
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(counted.puts).as("nothing left to replay, nothing sent").isEqualTo(after);
  }

  @Test
  void aHintHeldForAReplicaAStandInReplacedIsReplayedByTheTimer() {
    SimulatedReplica<String, String> d = replica("d");
    List<String> stored = new ArrayList<>();
    QuorumClient<String, String> client =
        client("n1")
            .sloppyQuorum(List.of(d))
            .listener(
                e -> {
                  if (e instanceof dev.groundwork.consistency.QuorumEvent.HintStored h) {
                    stored.add(h.key() + "@" + h.replica());
                  }
                })
            .build();
    c.state(State.CRASHED);
    assertThat(await(client.readAsync("other")).failed()).containsExactly("c"); // now suspected
    c.state(State.UP); // back, but still suspected: the write goes to d instead
    WriteResult sloppy = await(client.writeAsync("k", "v", VectorClock.empty()));
    assertThat(sloppy.isSuccess()).isTrue();
    assertThat(stored).as("held for c, then d not yet answered").startsWith("k@c");
    scheduler.advance(Duration.ofMillis(20));
    assertThat(d.stored("k")).extracting(Versioned::value).containsExactly("v");
    assertThat(c.stored("k")).isEmpty();

    scheduler.advance(Duration.ofSeconds(2)); // no traffic: the timer delivers the held hint
    assertThat(c.stored("k")).extracting(Versioned::value).containsExactly("v");
  }

  @Test
  void hintsAreBoundedInBytesAsTheWeigherSays() {
    List<String> drops = new ArrayList<>();
    QuorumClient<String, String> client =
        client("n1")
            .hints(
                new dev.groundwork.consistency.HintPolicy(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofHours(1),
                    1_000,
                    2_500))
            .hintWeigher(value -> 1_000) // plus 64 per version: two blind writes fit, not three
            .listener(
                e -> {
                  if (e instanceof dev.groundwork.consistency.QuorumEvent.HintDropped d) {
                    drops.add(d.key() + ": " + d.reason());
                  }
                })
            .build();
    c.state(State.CRASHED);
    for (int i = 0; i < 3; i++) {
      assertThat(await(client.writeAsync("k" + i, "v", VectorClock.empty())).isSuccess()).isTrue();
    }
    assertThat(client.pendingHints("c")).isEqualTo(2);
    assertThat(drops).containsExactly("k2: the replica's bound of 2500 hinted bytes");
  }

  @Test
  void theDefaultWeightOfAHintIsItsStringPlusAFixedAndAPerContextEntryOverhead() {
    // "abcd": 8 bytes, + 64 per version, + 16 for the one context entry of a write after a read
    long one = 8 + 64 + 16;
    List<String> drops = new ArrayList<>();
    QuorumClient<String, String> client =
        client("n1")
            .hints(
                new dev.groundwork.consistency.HintPolicy(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofHours(1),
                    1_000,
                    2 * one))
            .listener(
                e -> {
                  if (e instanceof dev.groundwork.consistency.QuorumEvent.HintDropped d) {
                    drops.add((String) d.key());
                  }
                })
            .build();
    VectorClock context = await(client.writeAsync("seed", "x", VectorClock.empty())).clock();
    c.state(State.CRASHED);
    for (int i = 0; i < 3; i++) {
      await(client.writeAsync("k" + i, "abcd", context));
    }
    assertThat(drops).as("two fit exactly, the third does not").containsExactly("k2");
  }

  @Test
  void aClosedClientReplaysNoMoreHints() {
    CountingReplica counted = new CountingReplica(c);
    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("n1")
            .replicas(List.of(a, b, counted))
            .timeout(TIMEOUT)
            .scheduler(scheduler)
            .build();
    c.state(State.CRASHED);
    await(client.writeAsync("k", "v", VectorClock.empty()));
    scheduler.advance(Duration.ofSeconds(4));
    int before = counted.puts;
    assertThat(before).as("the timer replayed while open").isGreaterThan(1);
    client.close();
    c.state(State.UP);
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(counted.puts).isEqualTo(before);
  }

  /**
   * Defect 11: hints were unbounded. Past the bound or the window they are dropped with an event,
   * and no acknowledged write is lost: the other replicas hold it and read repair brings it back.
   */
  @Test
  void hintsBeyondTheirBoundOrWindowAreDroppedWithAnEventAndNoWriteIsLost() {
    List<dev.groundwork.consistency.QuorumEvent.HintDropped> drops = new ArrayList<>();
    QuorumClient<String, String> client =
        client("n1")
            .hints(
                new dev.groundwork.consistency.HintPolicy(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 3))
            .nanoTime(scheduler::nanos) // hints age on the simulation's clock
            .listener(
                e -> {
                  if (e instanceof dev.groundwork.consistency.QuorumEvent.HintDropped d) {
                    drops.add(d);
                  }
                })
            .build();
    c.state(State.CRASHED);
    for (int i = 0; i < 5; i++) {
      assertThat(await(client.writeAsync("k" + i, "v" + i, VectorClock.empty())).isSuccess())
          .isTrue();
    }
    assertThat(client.pendingHints("c")).isEqualTo(3);
    assertThat(drops).extracting(d -> d.key()).containsExactly("k3", "k4");
    assertThat(drops.get(0).reason()).contains("bound of 3");
    assertThat(a.stored("k4").get(0).dot().node())
        .as("the drop at k3 retired the writer id")
        .isNotEqualTo(a.stored("k0").get(0).dot().node());

    scheduler.advance(Duration.ofSeconds(31));
    assertThat(client.pendingHints("c")).as("older than the window").isZero();
    assertThat(drops).hasSize(5);
    assertThat(drops.get(4).reason()).contains("window");

    c.state(State.UP);
    for (int i = 0; i < 5; i++) {
      assertThat(await(client.readAsync("k" + i)).value()).contains("v" + i);
    }
    a.state(State.CRASHED);
    for (int i = 0; i < 5; i++) {
      assertThat(await(client.readAsync("k" + i)).value())
          .as("b and the repaired c still agree on every acknowledged write")
          .contains("v" + i);
    }
  }

  @Test
  void everyClientInstanceWritesUnderAWriterIdOfItsOwn() {
    await(client("same").build().writeAsync("k1", "x", VectorClock.empty()));
    await(client("same").build().writeAsync("k2", "y", VectorClock.empty()));
    String first = a.stored("k1").get(0).dot().node();
    String second = a.stored("k2").get(0).dot().node();
    assertThat(first).matches("same\\.[0-9a-z]+").isNotEqualTo(second);
  }

  @Test
  void aReplicaThatCannotStoreTheNodeIdRefusesTheClientAtBuild() {
    dev.groundwork.consistency.spi.Replica<String, String> picky =
        new dev.groundwork.consistency.spi.Replica<>() {
          @Override
          public String id() {
            return "picky";
          }

          @Override
          public CompletionStage<List<Versioned<String>>> get(String key) {
            return CompletableFuture.completedFuture(List.of());
          }

          @Override
          public CompletionStage<Void> put(String key, List<Versioned<String>> versions) {
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public void checkWriterId(String writerId) {
            throw new ConsistencyException("cannot store " + writerId);
          }
        };
    assertThatThrownBy(
            () -> QuorumClient.<String, String>builder("n").replicas(List.of(picky)).build())
        .hasMessageContaining("cannot store n.0");
  }

  @Test
  void aWriteAfterReadingSeveralTimestampsIsLaterThanTheLatest() {
    QuorumClient<String, String> behind =
        client("behind")
            .timestamps(
                new dev.groundwork.consistency.HybridLogicalClock(
                    "behind", () -> java.time.Instant.ofEpochMilli(1_000)))
            .resolver(Resolver.lastWriteWins())
            .build();
    for (long wall : new long[] {9_000, 5_000}) {
      await(
          client("at-" + wall)
              .timestamps(
                  new dev.groundwork.consistency.HybridLogicalClock(
                      "at-" + wall, () -> java.time.Instant.ofEpochMilli(wall)))
              .build()
              .writeAsync("k", "at-" + wall, VectorClock.empty()));
    }
    assertThat(await(behind.readAsync("k")).value()).contains("at-9000");
    await(behind.writeAsync("k", "mine", VectorClock.empty()));
    assertThat(await(behind.readAsync("k")).value()).contains("mine");
  }
}
