package dev.groundwork.consistency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.InMemoryReplica;
import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quorum client's collaborators, each on its own. */
class CollaboratorsTest {

  /** Records scheduled tasks without running them. */
  private static final class Recording implements Scheduler {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
      tasks.add(task);
      return () -> {};
    }
  }

  @Test
  void aGatherEndsAtItsQuorumOrWhenTheQuorumIsLost() {
    Gather<String> quorum = new Gather<>(2, 3);
    quorum.reply("a", "x", null);
    assertThat(quorum.isDone()).isFalse();
    quorum.reply("b", "y", null);
    assertThat(quorum.isDone()).isTrue();

    Gather<String> lost = new Gather<>(2, 3);
    lost.reply("a", null, new IOException("refused"));
    assertThat(lost.isDone()).as("one failure of three still allows two answers").isFalse();
    lost.reply("b", null, new IOException("refused"));
    assertThat(lost.isDone()).isTrue();
    assertThat(lost.result.join().failed().keySet()).containsExactly("a", "b");
    assertThat(lost.result.join().failed().get("a")).hasMessage("refused");

    Gather<String> never = new Gather<>(3, 3, answers -> false);
    never.contacted("a");
    never.contacted("b");
    never.reply("a", "x", null);
    never.reply("b", "y", null);
    assertThat(never.isDone()).as("two of three replied").isFalse();
    never.reply("c", null, new IOException("refused"));
    assertThat(never.isDone()).as("everyone has replied").isTrue();
    assertThat(never.result.join().silent()).isEmpty();
  }

  @Test
  void pendingVersionsTellHintsFromVersionsInFlight() {
    PendingVersions<String, String> pending =
        new PendingVersions<>(
            () -> "w.1", List.of("a", "b"), () -> 0, 10, Long.MAX_VALUE, v -> 1, (k, r, why) -> {});
    assertThat(pending.hasHints("a")).isFalse();
    PendingVersions.Issued<String> first =
        pending.issue(
            "k", dot -> Versioned.of("x", dot, VectorClock.empty()), List.of("a", "b"), List.of());
    assertThat(pending.hasHints("a")).as("in flight is not a hint").isFalse();
    pending.undelivered("a", "k");
    assertThat(pending.hasHints("a")).isTrue();
    assertThat(pending.hintCount("a")).isEqualTo(1);
    assertThat(pending.hasHints("b")).isFalse();

    PendingVersions.Issued<String> second =
        pending.issue(
            "k", dot -> Versioned.of("y", dot, VectorClock.empty()), List.of("a"), List.of());
    assertThat(second.batches().get("a")).containsExactly(first.version(), second.version());
    pending.settle("a", "k", List.of(first.version(), second.version()));
    assertThat(pending.hasHints("a")).isFalse();
    assertThat(pending.waiting("a", "k")).isEmpty();
    assertThat(pending.waiting("b", "k")).containsExactly(first.version());
  }

  /** Defect 11: hints were unbounded; a drop must also retire the writer id (batching rule). */
  @Test
  void hintsAreBoundedPerReplicaAndByAgeAndADropRetiresTheWriterId() {
    long[] now = {0};
    int[] ids = {0};
    List<String> dropped = new java.util.ArrayList<>();
    PendingVersions<String, String> pending =
        new PendingVersions<>(
            () -> "w." + ids[0]++,
            List.of("a", "b"),
            () -> now[0],
            2,
            Long.MAX_VALUE,
            v -> 1,
            (k, r, why) -> dropped.add(k + "@" + r));
    for (String key : List.of("k1", "k2", "k3")) {
      now[0] += 10;
      pending.issue(
          key, dot -> Versioned.of(key, dot, VectorClock.empty()), List.of("b"), List.of("a"));
    }
    assertThat(pending.hintedKeysOf("a")).containsExactlyInAnyOrder("k1", "k2");
    assertThat(dropped).as("the third key is beyond the bound").containsExactly("k3@a");
    assertThat(pending.waiting("a", "k3")).isEmpty();
    assertThat(pending.waiting("b", "k3")).as("other replicas keep theirs").hasSize(1);
    assertThat(pending.writer()).as("a drop retires the writer id").isEqualTo("w.1");

    PendingVersions.Issued<String> next =
        pending.issue(
            "k3", dot -> Versioned.of("x", dot, VectorClock.empty()), List.of("a"), List.of());
    assertThat(next.version().dot().node()).isEqualTo("w.1");

    assertThat(pending.dropHintedBefore("a", 15, "old")).isEqualTo(1);
    assertThat(pending.hintedKeysOf("a")).containsExactly("k2");
    assertThat(pending.writer()).isEqualTo("w.2");
  }

  @Test
  void hintsAreBoundedInBytesPerReplicaAndTheWeightFollowsWhatWaits() {
    List<String> dropped = new java.util.ArrayList<>();
    PendingVersions<String, String> pending =
        new PendingVersions<>(
            () -> "w",
            List.of("a", "b"),
            () -> 0,
            100,
            10,
            v -> v.value() == null ? 0 : v.value().length(),
            (k, r, why) -> dropped.add(k + "@" + r + ": " + why));
    pending.issue(
        "k1", dot -> Versioned.of("12345", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    pending.issue(
        "k2", dot -> Versioned.of("1234", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    assertThat(pending.hintedKeysOf("a")).containsExactlyInAnyOrder("k1", "k2"); // 9 of 10
    pending.issue(
        "k3", dot -> Versioned.of("12", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    assertThat(dropped).containsExactly("k3@a: the replica's bound of 10 hinted bytes");
    assertThat(pending.waiting("a", "k3")).isEmpty();

    pending.settle("a", "k1", pending.waiting("a", "k1")); // 5 bytes freed
    pending.issue(
        "k3", dot -> Versioned.of("12", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    assertThat(pending.hintedKeysOf("a")).containsExactlyInAnyOrder("k2", "k3");
    assertThat(dropped).hasSize(1);
    PendingVersions.Issued<String> grown =
        pending.issue(
            "k2", dot -> Versioned.of("xxxxx", dot, VectorClock.empty()), List.of("a"), List.of());
    assertThat(grown.batches().get("a")).as("concurrent: both wait").hasSize(2);
    assertThat(dropped)
        .as("k2 grew past the bound while hinted: 2 + 4 + 5 > 10")
        .contains("k2@a: the replica's bound of 10 hinted bytes");
  }

  @Test
  void aHintsWeightIsExactAsItGrowsSettlesAndIsDropped() {
    long[] now = {0};
    List<String> dropped = new java.util.ArrayList<>();
    PendingVersions<String, String> pending =
        new PendingVersions<>(
            () -> "w",
            List.of("a", "b"),
            () -> now[0],
            100,
            10,
            v -> v.value() == null ? 0 : v.value().length(),
            (k, r, why) -> dropped.add(k));
    pending.issue(
        "k1", dot -> Versioned.of("123", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    now[0] = 100;
    // k1 grows while hinted: 3 + 4 = 7, within 10 only if the old weight is replaced, not added
    pending.issue(
        "k1", dot -> Versioned.of("1234", dot, VectorClock.empty()), List.of("a"), List.of());
    pending.issue(
        "k2", dot -> Versioned.of("123", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    assertThat(dropped).as("7 + 3 = 10 fits exactly").isEmpty();
    assertThat(pending.hintedKeysOf("a")).containsExactlyInAnyOrder("k1", "k2");

    assertThat(pending.dropHintedBefore("a", 50, "old")).isEqualTo(1); // k1, first missed at 0
    assertThat(pending.dropHintedBefore("a", 100, "old")).as("k2 is not older than 100").isZero();
    pending.issue(
        "k3", dot -> Versioned.of("1234567", dot, VectorClock.empty()), List.of("b"), List.of("a"));
    assertThat(dropped).as("the drop freed k1's 7: 3 + 7 fits").containsExactly("k1");
    assertThat(pending.waiting("b", "k1")).as("a drop leaves other replicas' versions").hasSize(1);
  }

  @Test
  void aRefusingReplicaIsSuspectedUntilItAnswers() {
    Recording scheduler = new Recording();
    FailureDetector detector = new FailureDetector(scheduler, Duration.ofSeconds(5));
    InMemoryReplica<String, String> replica = new InMemoryReplica<>("a");

    assertThat(detector.isSuspected("a")).isFalse();
    detector.call(replica, () -> CompletableFuture.failedFuture(new IOException("refused")));
    assertThat(detector.isSuspected("a")).isTrue();
    assertThat(detector.snapshot().keySet()).containsExactly("a");
    assertThat(detector.snapshot().get("a")).as("the cause is kept").hasMessage("refused");
    detector.call(replica, () -> replica.get("k"));
    assertThat(detector.isSuspected("a")).isFalse();
  }

  @Test
  void theLatencyWindowGivesItsPercentileOnceItHasTwentySamples() {
    HedgedReads.LatencyWindow window = new HedgedReads.LatencyWindow(8);
    for (int i = 0; i < 19; i++) {
      window.add(1_000);
    }
    assertThat(window.percentile(0.5)).isEmpty();
    HedgedReads.LatencyWindow full = new HedgedReads.LatencyWindow(64);
    for (int i = 20; i >= 1; i--) {
      full.add(i * 1_000L); // out of order: the window sorts
    }
    assertThat(full.percentile(0.5)).contains(Duration.ofNanos(10_000));
    assertThat(full.percentile(0.95)).contains(Duration.ofNanos(19_000));
    assertThat(full.percentile(1.0)).contains(Duration.ofNanos(20_000));
  }

  /** Hedged reads on a clock the test moves, forgetting estimates after 5 s. */
  private static HedgedReads hedgedReads(AtomicLong now) {
    return new HedgedReads(
        HedgePolicy.after(Duration.ofMillis(5), 1.0),
        new Recording(),
        now::get,
        Duration.ofSeconds(5),
        event -> {});
  }

  @Test
  void aReplicaThatLetAReadTimeOutIsAskedLast() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    HedgedReads hedged = hedgedReads(now);
    List<InMemoryReplica<String, String>> replicas =
        List.of(new InMemoryReplica<>("a"), new InMemoryReplica<>("b"));
    hedged.replied("a", now.get() - 1_000_000);
    hedged.replied("b", now.get() - 1_000_000);
    hedged.silent("a", Duration.ofSeconds(1));

    HedgedReads.Cursor<InMemoryReplica<String, String>> cursor =
        hedged.start(replicas, id -> false);
    assertThat(cursor.take()).isSameAs(replicas.get(1));
    assertThat(cursor.take()).isSameAs(replicas.get(0));
    assertThat(cursor.take()).isNull();
    assertThat(cursor.peek()).isNull();
  }

  @Test
  void aReadGivesBackTheProbesItClaimedWhenItEnds() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    HedgedReads hedged = hedgedReads(now);
    List<InMemoryReplica<String, String>> replicas =
        List.of(new InMemoryReplica<>("a"), new InMemoryReplica<>("b"));
    hedged.replied("a", now.get() - 90_000_000); // a is slow
    hedged.replied("b", now.get() - 1_000_000);
    now.addAndGet(Duration.ofSeconds(6).toNanos()); // both estimates expire
    hedged.replied("b", now.get() - 1_000_000); // b's is renewed, a's is not

    HedgedReads.Cursor<InMemoryReplica<String, String>> first = hedged.start(replicas, id -> false);
    HedgedReads.Cursor<InMemoryReplica<String, String>> second =
        hedged.start(replicas, id -> false);
    assertThat(first.peek()).as("the first read probes a").isSameAs(replicas.get(0));
    assertThat(second.peek())
        .as("the second ranks a by its old estimate")
        .isSameAs(replicas.get(1));

    hedged.finished(first, java.util.Set.of(), Duration.ofSeconds(1)); // ended without asking a
    HedgedReads.Cursor<InMemoryReplica<String, String>> third = hedged.start(replicas, id -> false);
    assertThat(third.peek()).as("the probe was given back").isSameAs(replicas.get(0));
  }
}
