package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The values the CRDTs and clocks give, not only the laws they obey: the laws hold as well for a
 * counter that always reads 0, or an equality that is always true.
 */
class CrdtAndClockEdgesTest {

  @Test
  void aGrowOnlyCounterSumsItsNodesAndMergesByTheHighestCountPerNode() {
    GCounter a = GCounter.zero().increment("n1", 3);
    GCounter b = GCounter.zero().increment("n1", 1).increment("n2", 2);

    assertThat(a.value()).isEqualTo(3);
    assertThat(b.value()).isEqualTo(3);
    assertThat(a.merge(b).value()).isEqualTo(5);
    assertThat(a.merge(b).counts()).isEqualTo(Map.of("n1", 3L, "n2", 2L));
    assertThat(a).isNotEqualTo(b).isEqualTo(GCounter.zero().increment("n1", 3));
  }

  @Test
  void aCounterThatGoesBothWaysIsItsIncreasesLessItsDecreases() {
    PNCounter c = PNCounter.zero().add("n1", 5).add("n2", -2).add("n1", -1);

    assertThat(c.value()).isEqualTo(2);
    assertThat(c.merge(PNCounter.zero().add("n3", 4)).value()).isEqualTo(6);
    assertThat(c)
        .isNotEqualTo(PNCounter.zero().add("n1", 2))
        .isEqualTo(PNCounter.zero().add("n1", 5).add("n2", -2).add("n1", -1));
  }

  @Test
  void anElementRemovedAndAddedAgainByTheSameNodeIsBack() {
    ORSet<String> set = ORSet.<String>empty().add("n1", "x").remove("x");
    assertThat(set.contains("x")).isFalse();

    ORSet<String> again = set.add("n1", "x");

    assertThat(again.contains("x")).as("the new add needs a tag the removal did not see").isTrue();
    assertThat(again.merge(set).contains("x")).isTrue();
    assertThat(again).isNotEqualTo(set);
  }

  @Test
  void removingOneElementLeavesTheOthersANodeAdded() {
    ORSet<String> set = ORSet.<String>empty().add("n1", "x").add("n1", "y").remove("x");

    assertThat(set.contains("y")).as("each add has a tag of its own").isTrue();
    assertThat(set.elements()).containsExactly("y");
  }

  @Test
  void aConcurrentAddSurvivesARemoveThatDidNotSeeIt() {
    ORSet<String> base = ORSet.<String>empty().add("n1", "x");
    ORSet<String> removed = base.remove("x");
    ORSet<String> addedElsewhere = base.add("n2", "x");

    assertThat(removed.merge(addedElsewhere).contains("x")).isTrue();
    assertThat(removed.merge(base).contains("x")).isFalse();
  }

  @Test
  void timestampsFromOneMillisecondStillIncrease() {
    HybridLogicalClock hlc =
        new HybridLogicalClock("n1", InstantSource.fixed(Instant.ofEpochMilli(1_000)));

    HlcTimestamp first = hlc.now();
    HlcTimestamp second = hlc.now();

    assertThat(first).isEqualTo(new HlcTimestamp(1_000, 0, "n1"));
    assertThat(second).isEqualTo(new HlcTimestamp(1_000, 1, "n1"));
  }

  @Test
  void receivingATimestampFollowsTheFourCasesOfTheHlcPaper() {
    AtomicLong wall = new AtomicLong(1_000);
    HybridLogicalClock hlc = new HybridLogicalClock("me", () -> Instant.ofEpochMilli(wall.get()));
    hlc.now(); // (1000, 0)

    // The sender is ahead: its physical time, its logical + 1.
    assertThat(hlc.update(new HlcTimestamp(2_000, 4, "other")))
        .isEqualTo(new HlcTimestamp(2_000, 5, "me"));
    // Both at the same physical time: the larger logical + 1.
    assertThat(hlc.update(new HlcTimestamp(2_000, 9, "other")))
        .isEqualTo(new HlcTimestamp(2_000, 10, "me"));
    // This clock ahead of the sender: its own logical + 1.
    assertThat(hlc.update(new HlcTimestamp(1_500, 30, "other")))
        .isEqualTo(new HlcTimestamp(2_000, 11, "me"));
    // The wall clock ahead of both: logical restarts at 0.
    wall.set(3_000);
    assertThat(hlc.update(new HlcTimestamp(2_500, 7, "other")))
        .isEqualTo(new HlcTimestamp(3_000, 0, "me"));
  }

  @Test
  void aMergedValueCarriesTheLatestTimestampOfItsSiblings() {
    Resolver<String> concat = Resolver.merging((a, b) -> a.compareTo(b) <= 0 ? a + b : b + a);
    Versioned<String> early =
        new Versioned<>("a", new Dot("n1", 1), VectorClock.empty(), new HlcTimestamp(1, 0, "n1"));
    Versioned<String> late =
        new Versioned<>("b", new Dot("n2", 1), VectorClock.empty(), new HlcTimestamp(2, 0, "n2"));
    Versioned<String> untimed = Versioned.of("c", new Dot("n3", 1), VectorClock.empty());

    assertThat(concat.resolve(List.of(early, late)).timestamp()).isEqualTo(late.timestamp());
    assertThat(concat.resolve(List.of(late, early)).timestamp()).isEqualTo(late.timestamp());
    assertThat(concat.resolve(List.of(untimed, early)).timestamp()).isEqualTo(early.timestamp());
    assertThat(concat.resolve(List.of(early, untimed)).timestamp()).isEqualTo(early.timestamp());
    assertThat(concat.resolve(List.of(untimed)).timestamp()).isNull();
    assertThatThrownBy(() -> concat.resolve(List.of()))
        .isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("no sibling was given");
  }

  @Test
  void badInputToClocksAndPoliciesIsRefused() {
    assertThatThrownBy(() -> VectorClock.of(Map.of(" ", 1L)))
        .isInstanceOf(ConsistencyException.class);
    assertThatThrownBy(() -> HedgePolicy.atPercentile(1.0, java.time.Duration.ofMillis(5), 0.1))
        .isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("between 0 and 1");
    assertThat(HedgePolicy.atPercentile(0.99, java.time.Duration.ofMillis(5), 0.1).percentile())
        .isEqualTo(0.99);
  }

  @Test
  void oneReplicaIsEnoughAndTheDefaultDeadlineThreadIsADaemon() {
    InMemoryReplica<String, String> only = new InMemoryReplica<>("only");
    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("client").replicas(List.of(only)).build();

    client.write("k", "v", VectorClock.empty());

    assertThat(client.n()).isEqualTo(1);
    assertThat(client.read("k").value()).contains("v");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("groundwork-quorum-deadlines"))
        .isNotEmpty()
        .allMatch(Thread::isDaemon, "a forgotten client must not keep the JVM alive");
  }

  @Test
  void settingTheReplicasTwiceKeepsTheSecondSet() {
    List<InMemoryReplica<String, String>> first =
        List.of(new InMemoryReplica<>("a"), new InMemoryReplica<>("b"), new InMemoryReplica<>("c"));
    List<InMemoryReplica<String, String>> second =
        List.of(new InMemoryReplica<>("d"), new InMemoryReplica<>("e"));

    QuorumClient<String, String> client =
        QuorumClient.<String, String>builder("client")
            .replicas(first)
            .replicas(second)
            .sloppyQuorum(List.of(new InMemoryReplica<>("d")))
            .sloppyQuorum(List.of(new InMemoryReplica<>("f")))
            .build();

    assertThat(client.n()).isEqualTo(2);
    // Had the first stand-in list been kept, its "d" would clash with the home replica "d".
    client.write("k", "v", VectorClock.empty());
    assertThat(second.get(0).get("k").toCompletableFuture().join()).hasSize(1);
    assertThat(first.get(0).get("k").toCompletableFuture().join()).isEmpty();
  }
}
