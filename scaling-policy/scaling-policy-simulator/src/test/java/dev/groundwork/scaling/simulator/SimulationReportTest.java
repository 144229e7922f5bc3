package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's three forms and the side-by-side table, figure by figure. */
class SimulationReportTest {

  private static final String NL = System.lineSeparator();

  private static SimulationReport report(String name, Duration length, Duration violation) {
    return new SimulationReport(
        name,
        1200,
        length,
        240_000,
        18_000,
        violation,
        0.6333,
        0.1167,
        3,
        1,
        4,
        Duration.ofMillis(5),
        Duration.ofMillis(1500),
        Duration.ofSeconds(10));
  }

  @Test
  void theTextGivesEveryFigure() {
    assertThat(report("step", Duration.ofSeconds(3725), Duration.ofSeconds(180)).toText())
        .isEqualTo(
            "policy                    step"
                + NL
                + "simulated                 1h02m05s (1200 samples)"
                + NL
                + "requests                  240000"
                + NL
                + "over capacity (SLO)       18000 requests (7.50 %), 3m00s"
                + NL
                + "capacity-hours (cost)     0.63"
                + NL
                + "over-provisioned hours    0.12"
                + NL
                + "scaling actions           3 (1 reversals)"
                + NL
                + "peak instances            4"
                + NL
                + "latency p50 / p95 / p99   5.0 ms / 1500.0 ms / 10000.0 ms"
                + NL);
  }

  @Test
  void durationsFromAnHourOnShowHours() {
    String text = report("p", Duration.ofSeconds(3600), Duration.ofSeconds(3599)).toText();

    assertThat(text).contains("simulated                 1h00m00s (1200 samples)");
    assertThat(text).contains("18000 requests (7.50 %), 59m59s");
  }

  @Test
  void aRunWithoutRequestsHasNoShareOverCapacity() {
    SimulationReport empty =
        new SimulationReport(
            "idle",
            1,
            Duration.ofSeconds(1),
            0,
            0,
            Duration.ZERO,
            0,
            0,
            0,
            0,
            1,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO);

    assertThat(empty.toText()).contains("over capacity (SLO)       0 requests (0.00 %), 0m00s");
  }

  @Test
  void theCsvRowFollowsTheHeader() {
    assertThat(SimulationReport.CSV_HEADER.split(",", -1)).hasSize(14);
    assertThat(report("a,b", Duration.ofSeconds(3725), Duration.ofSeconds(180)).csvRow())
        .isEqualTo("a;b,1200,3725,240000,18000,180,0.6333,0.1167,3,1,4,5.000,1500.000,10000.000");
  }

  @Test
  void theJsonEscapesTheName() {
    assertThat(report("say \"hi\"", Duration.ofSeconds(3725), Duration.ofSeconds(180)).toJson())
        .isEqualTo(
            "{\"policy\":\"say \\\"hi\\\"\",\"samples\":1200,\"seconds\":3725,"
                + "\"totalRequests\":240000,\"requestsOverCapacity\":18000,"
                + "\"sloViolationSeconds\":180,\"capacityHours\":0.6333,"
                + "\"overProvisionedHours\":0.1167,\"scalingActions\":3,\"reversals\":1,"
                + "\"peakInstances\":4,\"p50Ms\":5.000,\"p95Ms\":1500.000,\"p99Ms\":10000.000}");
  }

  @Test
  void compareLaysThePoliciesSideBySide() {
    SimulationReport a = report("step", Duration.ofSeconds(3725), Duration.ofSeconds(180));
    SimulationReport b =
        new SimulationReport(
            "target",
            1200,
            Duration.ofSeconds(3725),
            240_000,
            1_234,
            Duration.ofSeconds(3661),
            12.34,
            5.67,
            9,
            2,
            7,
            Duration.ofMillis(6),
            Duration.ofMillis(40),
            Duration.ofMillis(90));

    assertThat(SimulationReport.compare(List.of(a, b)).split(NL, -1))
        .containsExactly(
            row("", "step", "target"),
            row("over capacity (requests)", "18000", "1234"),
            row("over capacity (time)", "3m00s", "1h01m01s"),
            row("capacity-hours", "0.6", "12.3"),
            row("over-provisioned hours", "0.1", "5.7"),
            row("scaling actions", "3", "9"),
            row("reversals", "1", "2"),
            row("peak instances", "4", "7"),
            row("latency p50", "5.0 ms", "6.0 ms"),
            row("latency p95", "1500.0 ms", "40.0 ms"),
            row("latency p99", "10000.0 ms", "90.0 ms"),
            "");
  }

  /** A label left-aligned in 26 columns, then each cell right-aligned in 22. */
  private static String row(String label, String... cells) {
    StringBuilder s = new StringBuilder(label);
    while (s.length() < 26) {
      s.append(' ');
    }
    for (String c : cells) {
      s.append(" ".repeat(22 - c.length())).append(c);
    }
    return s.toString();
  }
}
