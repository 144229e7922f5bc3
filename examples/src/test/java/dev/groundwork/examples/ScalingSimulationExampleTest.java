package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.scaling.simulator.SimulationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingSimulationExampleTest {

  @Test
  void comparesThreePoliciesAndWritesTheirCharts(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<SimulationReport> reports;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      reports = ScalingSimulationExample.run(dir, out);
    }

    assertThat(reports)
        .extracting(SimulationReport::policy)
        .containsExactly("step", "target-tracking", "tracking-slow-in");
    for (String name : List.of("step", "target-tracking", "tracking-slow-in")) {
      assertThat(Files.readString(dir.resolve(name + ".svg"))).startsWith("<?xml").contains("<svg");
    }
    SimulationReport tracking = reports.get(1);
    SimulationReport slowIn = reports.get(2);
    // The spike outruns every policy for a while (3-minute cold starts) ...
    assertThat(reports).allSatisfy(r -> assertThat(r.requestsOverCapacity()).isPositive());
    // ... and a longer, slower scale-in buys less thrashing with more capacity-hours.
    assertThat(slowIn.reversals()).isLessThan(tracking.reversals());
    assertThat(slowIn.capacityHours()).isGreaterThan(tracking.capacityHours());
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("capacity-hours")
        .contains("latency p99");
  }
}
