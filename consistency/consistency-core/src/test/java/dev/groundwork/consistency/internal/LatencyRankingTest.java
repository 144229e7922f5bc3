package dev.groundwork.consistency.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.consistency.InMemoryReplica;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatencyRankingTest {

  private static final long MS = 1_000_000;
  private static final long FORGET = 5_000 * MS;

  private final InMemoryReplica<String, String> a = new InMemoryReplica<>("a");
  private final InMemoryReplica<String, String> b = new InMemoryReplica<>("b");
  private final InMemoryReplica<String, String> c = new InMemoryReplica<>("c");
  private final List<InMemoryReplica<String, String>> replicas = List.of(a, b, c);
  private final LatencyRanking ranking = new LatencyRanking(FORGET);

  private List<String> order(long now, long turn, Set<String> suspected) {
    return ranking.order(replicas, suspected::contains, now, turn).stream()
        .map(InMemoryReplica::id)
        .toList();
  }

  @Test
  void withoutEstimatesTheFirstReadKeepsConfigurationOrderAndLaterOnesTakeTurns() {
    assertThat(order(0, 0, Set.of())).containsExactly("a", "b", "c");
    assertThat(order(0, 1, Set.of())).containsExactly("b", "c", "a");
    assertThat(order(0, 2, Set.of())).containsExactly("c", "a", "b");
  }

  @Test
  void aReplicaMoreThanTwiceAsSlowAsTheFastestGoesLastWhileTheOthersTakeTurns() {
    ranking.record("a", 40 * MS, 0);
    ranking.record("b", 10 * MS, 0);
    ranking.record("c", 15 * MS, 0); // within a factor of two of b: as good as b

    Set<String> first = new HashSet<>();
    for (long turn = 0; turn < 6; turn++) {
      List<String> order = order(MS, turn, Set.of());
      assertThat(order.get(2)).isEqualTo("a");
      first.add(order.get(0));
    }
    assertThat(first).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void suspectedReplicasGoLastHoweverFastTheyWere() {
    ranking.record("a", MS, 0);
    ranking.record("b", 10 * MS, 0);
    ranking.record("c", 10 * MS, 0);
    assertThat(order(MS, 0, Set.of("a")).get(2)).isEqualTo("a");
  }

  @Test
  void anEstimateNotRenewedForTheForgetPeriodCountsAsFastSoTheReplicaIsAskedAgain() {
    ranking.record("a", 90 * MS, 0);
    ranking.record("b", 10 * MS, FORGET);
    ranking.record("c", 10 * MS, FORGET);

    assertThat(ranking.estimate("a", FORGET)).isEqualTo(90.0 * MS);
    assertThat(order(FORGET, 0, Set.of()).get(2)).isEqualTo("a");

    long later = FORGET + 1;
    assertThat(ranking.estimate("a", later)).isZero();
    assertThat(order(later, 0, Set.of()).get(0)).isEqualTo("a");

    ranking.record("a", 12 * MS, later); // recovered: a fresh estimate, not blended with the old
    assertThat(ranking.estimate("a", later)).isEqualTo(12.0 * MS);
  }

  /** Defect 8: every read probed an expired replica until its slow reply came back. */
  @Test
  void onlyOneReadAtATimeProbesAReplicaWhoseEstimateExpired() {
    ranking.record("a", 90 * MS, 0);
    ranking.record("b", 10 * MS, FORGET);
    ranking.record("c", 10 * MS, FORGET);
    long later = FORGET + 1;

    Set<String> first = new HashSet<>();
    assertThat(ranking.order(replicas, id -> false, later, 0, first).get(0).id()).isEqualTo("a");
    assertThat(first).containsExactly("a");

    Set<String> second = new HashSet<>();
    assertThat(ranking.order(replicas, id -> false, later, 0, second).get(2).id())
        .as("while the probe is out, a ranks by its last estimate")
        .isEqualTo("a");
    assertThat(second).isEmpty();

    ranking.release(first);
    Set<String> third = new HashSet<>();
    assertThat(ranking.order(replicas, id -> false, later, 0, third).get(0).id()).isEqualTo("a");
    ranking.record("a", 95 * MS, later); // the probe's reply: still slow, and renewed
    assertThat(ranking.order(replicas, id -> false, later, 0, new HashSet<>()).get(2).id())
        .isEqualTo("a");
    assertThat(ranking.order(replicas, id -> false, later, 0, null).get(2).id()).isEqualTo("a");
  }

  @Test
  void theEstimateMovesAFifthOfTheWayTowardEachNewSample() {
    ranking.record("a", 10 * MS, 0);
    ranking.record("a", 20 * MS, 1);
    assertThat(ranking.estimate("a", 1)).isEqualTo(12.0 * MS);
  }

  @Test
  void anEstimateExactlyAsOldAsTheForgetPeriodStillBlends() {
    long t0 = 7 * MS;
    ranking.record("a", 10 * MS, t0);
    ranking.record("a", 20 * MS, t0 + FORGET);
    assertThat(ranking.estimate("a", t0 + FORGET)).isEqualTo(12.0 * MS);

    ranking.record("b", 10 * MS, t0);
    ranking.record("b", 20 * MS, t0 + FORGET + 1);
    assertThat(ranking.estimate("b", t0 + FORGET + 1)).isEqualTo(20.0 * MS);
  }

  @Test
  void exactlyTwiceTheFastestIsStillAsGoodAsTheFastest() {
    ranking.record("a", 10 * MS, 0);
    ranking.record("b", 20 * MS, 0); // exactly 2×: band 0, takes turns with a
    ranking.record("c", 21 * MS, 0); // just over: band 1, always last

    Set<String> first = new HashSet<>();
    for (long turn = 0; turn < 3; turn++) {
      List<String> order = order(MS, turn, Set.of());
      assertThat(order.get(2)).isEqualTo("c");
      first.add(order.get(0));
    }
    assertThat(first).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void bandsAreFactorsOfTwoAboveTheFastest() {
    // 3× the fastest is band 1 (2× to 4×), 4.5× is band 2 (4× to 8×): the slower always last.
    ranking.record("a", 10 * MS, 0);
    ranking.record("b", 45 * MS, 0);
    ranking.record("c", 30 * MS, 0);
    for (long turn = 0; turn < 3; turn++) {
      assertThat(order(MS, turn, Set.of())).containsExactly("a", "c", "b");
    }
  }

  @Test
  void aReplicaNotYetMeasuredCountsAsFastAndTheOthersKeepTheirBands() {
    ranking.record("b", 10 * MS, 0);
    ranking.record("c", 40 * MS, 0);
    for (long turn = 0; turn < 3; turn++) {
      assertThat(order(MS, turn, Set.of()).get(2)).isEqualTo("c");
    }
  }
}
