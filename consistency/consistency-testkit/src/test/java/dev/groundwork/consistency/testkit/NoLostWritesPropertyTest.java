package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.ReadRepair;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteOutcome;
import dev.groundwork.consistency.testkit.SimulatedReplica.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A set workload with many writers, checked without trusting the client's versioning: every element
 * is unique, each value is the comma-joined set a writer believes in, and the check is that every
 * element whose write was acknowledged is in the union of the final siblings (0 lost).
 *
 * <p>Writers are concurrent flows through shared clients (several flows per client stand for
 * several threads sharing one instance), mixing read-modify-write with blind writes, at weak and
 * quorum levels, with or without hedging and read repair, through crashes, partitions and lost
 * replies.
 */
class NoLostWritesPropertyTest {

  /** What one run did, for the assertion message. */
  record Run(String config, Set<String> acknowledged, Set<String> found) {
    Set<String> lost() {
      Set<String> lost = new TreeSet<>(acknowledged);
      lost.removeAll(found);
      return lost;
    }

    @Override
    public String toString() {
      return config + ": " + lost().size() + " of " + acknowledged.size() + " acknowledged lost";
    }
  }

  static Run run(long seed, boolean faults) {
    Random random = new Random(seed);
    ManualScheduler scheduler = new ManualScheduler();
    List<SimulatedReplica<String, String>> replicas = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      SimulatedReplica<String, String> replica =
          new SimulatedReplica<>(id, scheduler, Duration.ofMillis(1 + random.nextInt(5)));
      replica.jitter(Duration.ofMillis(8), Duration.ofMillis(8), random.nextLong());
      replicas.add(replica);
    }
    int[][] levels = {{1, 1}, {2, 2}, {1, 3}, {3, 1}, {2, 1}};
    int[] level = levels[random.nextInt(levels.length)];
    boolean hedged = random.nextBoolean();
    ReadRepair repair =
        List.of(ReadRepair.OFF, ReadRepair.ASYNC, ReadRepair.BLOCKING).get(random.nextInt(3));
    int clientCount = 1 + random.nextInt(3);
    int flowsPerClient = 1 + random.nextInt(4);
    double blindShare = random.nextInt(3) * 0.25;
    List<QuorumClient<String, String>> clients = new ArrayList<>();
    for (int i = 0; i < clientCount; i++) {
      QuorumClient.Builder<String, String> builder =
          QuorumClient.<String, String>builder("client-" + i)
              .replicas(replicas)
              .readLevel(ConsistencyLevel.of(level[0]))
              .writeLevel(ConsistencyLevel.of(level[1]))
              .readRepair(repair)
              .timeout(Duration.ofMillis(40))
              .suspicion(Duration.ofMillis(30))
              .scheduler(scheduler);
      if (hedged) {
        builder.hedging(HedgePolicy.after(Duration.ofMillis(3), 1.0));
      }
      clients.add(builder.build());
    }
    String config =
        "seed "
            + seed
            + ", R="
            + level[0]
            + " W="
            + level[1]
            + ", "
            + clientCount
            + " clients x "
            + flowsPerClient
            + " flows, blind "
            + blindShare
            + ", hedged "
            + hedged
            + ", "
            + repair
            + (faults ? ", faults" : "");
    Set<String> acknowledged = new TreeSet<>();
    int flows = clientCount * flowsPerClient;
    CompletableFuture<?>[] busy = new CompletableFuture<?>[flows];
    int next = 0;
    for (int step = 0; step < 400; step++) {
      if (faults && random.nextInt(12) == 0) {
        SimulatedReplica<String, String> victim = replicas.get(random.nextInt(3));
        victim.state(
            List.of(State.UP, State.UP, State.CRASHED, State.PARTITIONED, State.REPLIES_LOST)
                .get(random.nextInt(5)));
      }
      for (int f = 0; f < flows; f++) {
        if (busy[f] != null && !busy[f].isDone()) {
          continue;
        }
        QuorumClient<String, String> client = clients.get(f / flowsPerClient);
        String element = "e" + next++;
        if (random.nextDouble() < blindShare) {
          busy[f] =
              client
                  .writeAsync("k", element, VectorClock.empty())
                  .toCompletableFuture()
                  .thenAccept(
                      res -> {
                        if (res.outcome() == WriteOutcome.SUCCESS) {
                          acknowledged.add(element);
                        }
                      });
        } else {
          busy[f] =
              client
                  .readAsync("k")
                  .thenCompose(
                      read -> {
                        Set<String> set = SetWorkload.elements(read);
                        set.add(element);
                        return client.writeAsync("k", SetWorkload.value(set), read.context());
                      })
                  .toCompletableFuture()
                  .thenAccept(
                      res -> {
                        if (res.outcome() == WriteOutcome.SUCCESS) {
                          acknowledged.add(element);
                        }
                      });
        }
      }
      scheduler.advance(Duration.ofMillis(1 + random.nextInt(4)));
    }
    for (SimulatedReplica<String, String> replica : replicas) {
      replica.state(State.UP);
    }
    scheduler.runAll();
    for (QuorumClient<String, String> client : clients) {
      client.replayHints();
    }
    scheduler.runAll();
    QuorumClient<String, String> checker =
        QuorumClient.<String, String>builder("checker")
            .replicas(replicas)
            .readLevel(ConsistencyLevel.ALL)
            .readRepair(ReadRepair.OFF)
            .scheduler(scheduler)
            .build();
    CompletableFuture<ReadResult<String>> last = checker.readAsync("k").toCompletableFuture();
    scheduler.runAll();
    return new Run(config, acknowledged, SetWorkload.elements(last.join()));
  }

  @Test
  void everyAcknowledgedElementSurvivesWithoutFaults() {
    qt().withExamples(60)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Run run = run(seed, false);
              assertThat(run.lost()).as(run.toString()).isEmpty();
            });
  }

  @Test
  void everyAcknowledgedElementSurvivesCrashesPartitionsAndLostReplies() {
    qt().withExamples(60)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Run run = run(seed, true);
              assertThat(run.lost()).as(run.toString()).isEmpty();
            });
  }

  /** An in-memory replica whose requests are applied and answered after a random delay. */
  static final class DelayedReplica
      implements dev.groundwork.consistency.spi.Replica<String, String> {
    private final dev.groundwork.consistency.InMemoryReplica<String, String> store;
    private final java.util.concurrent.ScheduledExecutorService executor;

    DelayedReplica(String id, java.util.concurrent.ScheduledExecutorService executor) {
      this.store = new dev.groundwork.consistency.InMemoryReplica<>(id);
      this.executor = executor;
    }

    @Override
    public String id() {
      return store.id();
    }

    private <T> java.util.concurrent.CompletionStage<T> later(
        java.util.function.Supplier<java.util.concurrent.CompletionStage<T>> action) {
      CompletableFuture<T> reply = new CompletableFuture<>();
      long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(500);
      java.util.concurrent.ScheduledFuture<?> unused =
          executor.schedule(
              () -> action.get().whenComplete((v, e) -> reply.complete(v)),
              delay,
              java.util.concurrent.TimeUnit.MICROSECONDS);
      return reply;
    }

    @Override
    public java.util.concurrent.CompletionStage<List<Versioned<String>>> get(String key) {
      return later(() -> store.get(key));
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> put(
        String key, List<Versioned<String>> versions) {
      return later(() -> store.put(key, versions));
    }
  }

  /**
   * Defect 1 with real threads: four threads share one client (R = W = 2 and R = W = 1), each
   * adding unique elements by read-modify-write, with replies arriving in random order.
   */
  @Test
  void fourThreadsSharingOneClientLoseNoElement() throws Exception {
    java.util.concurrent.ScheduledExecutorService executor =
        java.util.concurrent.Executors.newScheduledThreadPool(3);
    try {
      for (int level : new int[] {1, 2}) {
        List<DelayedReplica> replicas =
            List.of(
                new DelayedReplica("a", executor),
                new DelayedReplica("b", executor),
                new DelayedReplica("c", executor));
        try (QuorumClient<String, String> client =
            QuorumClient.<String, String>builder("shared")
                .replicas(replicas)
                .readLevel(ConsistencyLevel.of(level))
                .writeLevel(ConsistencyLevel.of(level))
                .build()) {
          Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
          java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
          List<Thread> threads = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            String name = "t" + t;
            Thread thread =
                new Thread(
                    () -> {
                      try {
                        start.await();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                      for (int i = 0; i < 150; i++) {
                        String element = name + "-" + i;
                        ReadResult<String> read = client.read("k");
                        Set<String> set = SetWorkload.elements(read);
                        set.add(element);
                        if (client.write("k", SetWorkload.value(set), read.context()).isSuccess()) {
                          acknowledged.add(element);
                        }
                      }
                    });
            threads.add(thread);
            thread.start();
          }
          for (Thread thread : threads) {
            thread.join();
          }
          Set<String> found = new TreeSet<>();
          for (DelayedReplica replica : replicas) {
            for (Versioned<String> v : replica.store.stored("k")) {
              String value = v.value();
              if (value != null) {
                found.addAll(Arrays.asList(value.split(",", -1)));
              }
            }
          }
          Set<String> lost = new TreeSet<>(acknowledged);
          lost.removeAll(found);
          assertThat(acknowledged).hasSize(600);
          assertThat(lost)
              .as("R = W = %d: %d of %d lost", level, lost.size(), acknowledged.size())
              .isEmpty();
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
