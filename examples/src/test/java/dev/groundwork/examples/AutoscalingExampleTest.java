package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalingExampleTest {

  @Test
  void capacityFollowsTheSpikeAndComesBackDown() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Integer> capacity;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      capacity = AutoscalingExample.run(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    int beforeLunch = capacity.get(30); // 11:30
    int atSpike = capacity.get(95); // 12:35
    int after = capacity.get(180); // 14:00
    // 150 rps at a 60 % CPU target on 100-rps instances needs 3.
    assertThat(beforeLunch).isEqualTo(3);
    // the scheduled minimum from 11:45
    assertThat(capacity.get(50)).isGreaterThanOrEqualTo(8);
    // 1400 rps at the spike needs 24 at the target: capacity gets there within the spike.
    assertThat(atSpike).isGreaterThanOrEqualTo(15);
    assertThat(capacity).allSatisfy(c -> assertThat(c).isBetween(2, 40));
    // back to the baseline after the window and the 300 s scale-in stabilisation
    assertThat(after).isEqualTo(3);
    assertThat(text).contains("scheduled minimum 8").contains("(scale out)").contains("(scale in)");
  }
}
