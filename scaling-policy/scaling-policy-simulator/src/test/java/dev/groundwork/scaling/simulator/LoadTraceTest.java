package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.scaling.ScalingPolicyException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadTraceTest {

  @Test
  void offsetsWithAHeaderAreResampledByHoldingTheLastValue() throws Exception {
    LoadTrace t =
        LoadTrace.fromCsv(
            new StringReader("seconds,rps\n# comment\n0,100\n90,250\n120,50\n"),
            Duration.ofSeconds(30));

    assertThat(t.size()).isEqualTo(5);
    assertThat(new double[] {t.demand(0), t.demand(1), t.demand(2), t.demand(3), t.demand(4)})
        .containsExactly(100, 100, 100, 250, 50);
  }

  @Test
  void instantsKeepTheirStart() throws Exception {
    LoadTrace t =
        LoadTrace.fromCsv(
            new StringReader("2026-03-02T11:00:00Z,10\n2026-03-02T11:01:00Z,20\n"),
            Duration.ofSeconds(60));

    assertThat(t.start()).isEqualTo(Instant.parse("2026-03-02T11:00:00Z"));
    assertThat(t.demand(1)).isEqualTo(20);
  }

  @Test
  void badLinesAreNamed() {
    assertThatThrownBy(
            () -> LoadTrace.fromCsv(new StringReader("0,1\n60,x\n"), Duration.ofSeconds(60)))
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(
            () -> LoadTrace.fromCsv(new StringReader("0,1\n0,2\n"), Duration.ofSeconds(60)))
        .hasMessageContaining("line 2: time 0 does not come after the previous sample");
    assertThatThrownBy(() -> LoadTrace.fromCsv(new StringReader("0,-5\n"), Duration.ofSeconds(60)))
        .hasMessageContaining("at least 0");
    assertThatThrownBy(
            () -> LoadTrace.fromCsv(new StringReader("time,demand\n"), Duration.ofSeconds(60)))
        .hasMessageContaining("no sample");
  }

  @Test
  void generatorsHaveTheirShape() {
    LoadTrace day = LoadTrace.diurnal(1, Duration.ofHours(1), 100, 1000);
    assertThat(day.size()).isEqualTo(24);
    assertThat(day.demand(16)).isEqualTo(1000, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(day.demand(4)).isEqualTo(100, org.assertj.core.api.Assertions.within(1e-9));

    LoadTrace spike =
        LoadTrace.spike(
            Duration.ofMinutes(10),
            Duration.ofMinutes(1),
            10,
            99,
            Duration.ofMinutes(3),
            Duration.ofMinutes(2));
    assertThat(spike.demand(2)).isEqualTo(10);
    assertThat(spike.demand(3)).isEqualTo(99);
    assertThat(spike.demand(4)).isEqualTo(99);
    assertThat(spike.demand(5)).isEqualTo(10);

    LoadTrace noisy =
        LoadTrace.constant(Duration.ofHours(1), Duration.ofMinutes(1), 100).withNoise(0.1, 7);
    assertThat(noisy.demand(0))
        .isNotEqualTo(100)
        .isEqualTo(
            LoadTrace.constant(Duration.ofHours(1), Duration.ofMinutes(1), 100)
                .withNoise(0.1, 7)
                .demand(0));
  }
}
