package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TourTest {

  private String run(List<String> args, int expectedStatus) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      assertThat(Tour.run(args, out)).isEqualTo(expectedStatus);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theWholeTourRunsOnEmbeddedDefaults() throws Exception {
    String text = run(List.of(), 0);
    assertThat(text)
        .contains("Idempotent payments")
        .contains("The bank saw 2 charges")
        .contains("Quorum replicas through a partition")
        .contains("Autoscaling through a lunchtime spike");
  }

  @Test
  void onePartCanBeChosenAndAnUnknownOneIsRefused() throws Exception {
    assertThat(run(List.of("idempotency"), 0))
        .contains("Idempotent payments")
        .doesNotContain("Quorum");
    assertThat(run(List.of("nonsense"), 2)).contains("unknown argument 'nonsense'");
    assertThat(run(List.of("--help"), 0)).contains("usage: Tour");
  }
}
