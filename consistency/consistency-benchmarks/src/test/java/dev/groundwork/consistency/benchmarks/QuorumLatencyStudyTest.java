package dev.groundwork.consistency.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.consistency.benchmarks.QuorumLatencyStudy.Outcome;
import dev.groundwork.consistency.benchmarks.QuorumLatencyStudy.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumLatencyStudyTest {

  private static Outcome run(String name) {
    Scenario scenario =
        QuorumLatencyStudy.scenarios().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow();
    return QuorumLatencyStudy.measure(scenario, 5_000, 7);
  }

  @Test
  void askingAllReplicasCompletesExactlyAtTheRthFastestReply() {
    for (String name : List.of("replicas alike, all asked", "one slow, all asked")) {
      Outcome o = run(name);
      assertThat(o.requestsPerRead()).isEqualTo(3.0);
      assertThat(o.p50()).isEqualTo(o.limitP50());
      assertThat(o.p99()).isEqualTo(o.limitP99());
    }
  }

  @Test
  void hedgedReadsStayNearTheLimitWhenTheFirstConfiguredReplicaIsSlow() {
    for (String name : List.of("one slow, hedged after 3 ms", "one slow, hedged at observed p90")) {
      Outcome o = run(name);
      assertThat(o.requestsPerRead()).as(name).isLessThan(2.2);
      assertThat((double) o.p99()).as(name).isLessThan(1.1 * o.limitP99());
      assertThat(o.p50()).as(name).isGreaterThanOrEqualTo(o.limitP50());
    }
  }

  @Test
  void theReportHasOneRowPerScenario() {
    String table = QuorumLatencyStudy.run(false);
    for (Scenario s : QuorumLatencyStudy.scenarios()) {
      assertThat(table).contains("| " + s.name() + " |");
    }
  }
}
