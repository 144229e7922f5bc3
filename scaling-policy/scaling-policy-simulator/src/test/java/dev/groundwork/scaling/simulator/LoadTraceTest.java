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

  @Test
  void zeroDemandIsAllowedAndAnythingNotAFiniteNonNegativeNumberIsNot() throws Exception {
    assertThat(LoadTrace.of(LoadTrace.DEFAULT_START, Duration.ofSeconds(1), 0, 5).demand(0))
        .isZero();
    assertThat(LoadTrace.fromCsv(new StringReader("0,0\n60,3\n"), Duration.ofSeconds(60)).demand(0))
        .isZero();
    assertThatThrownBy(
            () -> LoadTrace.of(LoadTrace.DEFAULT_START, Duration.ofSeconds(1), 1, Double.NaN))
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage("demand must be a finite number at least 0, got NaN at sample 1");
    assertThatThrownBy(() -> LoadTrace.of(LoadTrace.DEFAULT_START, Duration.ofSeconds(1), -0.5))
        .hasMessage("demand must be a finite number at least 0, got -0.5 at sample 0");
  }

  @Test
  void offsetsThatDoNotStartAtZeroKeepTheirStartAndLength() throws Exception {
    // Samples at 10 s and 20 s, resampled every 5 s: 10, 15, 20 s, starting 10 s after the
    // default start.
    LoadTrace t = LoadTrace.fromCsv(new StringReader("10,5\n20,7\n"), Duration.ofSeconds(5));

    assertThat(t.size()).isEqualTo(3);
    assertThat(new double[] {t.demand(0), t.demand(1), t.demand(2)}).containsExactly(5, 5, 7);
    assertThat(t.start()).isEqualTo(LoadTrace.DEFAULT_START.plusSeconds(10));
  }

  @Test
  void aRampGoesEvenlyFromItsStartToItsEnd() {
    LoadTrace ramp = LoadTrace.ramp(Duration.ofSeconds(5), Duration.ofSeconds(1), 0, 100);
    assertThat(
            new double[] {
              ramp.demand(0), ramp.demand(1), ramp.demand(2), ramp.demand(3), ramp.demand(4)
            })
        .containsExactly(0, 25, 50, 75, 100);

    LoadTrace up = LoadTrace.ramp(Duration.ofSeconds(4), Duration.ofSeconds(1), 40, 100);
    assertThat(new double[] {up.demand(0), up.demand(1), up.demand(2), up.demand(3)})
        .containsExactly(40, 60, 80, 100);

    LoadTrace single = LoadTrace.ramp(Duration.ofSeconds(1), Duration.ofSeconds(1), 40, 100);
    assertThat(single.size()).isEqualTo(1);
    assertThat(single.demand(0)).isEqualTo(40);
  }

  @Test
  void noiseMultipliesEachSampleByOnePlusAGaussianFromTheSeed() {
    LoadTrace flat = LoadTrace.constant(Duration.ofSeconds(50), Duration.ofSeconds(1), 100);

    LoadTrace noisy = flat.withNoise(0.2, 42);

    java.util.Random expected = new java.util.Random(42);
    for (int i = 0; i < flat.size(); i++) {
      assertThat(noisy.demand(i)).isEqualTo(Math.max(0, 100 * (1 + 0.2 * expected.nextGaussian())));
    }
    assertThat(noisy.start()).isEqualTo(flat.start());
    assertThat(noisy.step()).isEqualTo(flat.step());
  }

  @Test
  void aTraceHoldsOneToFiftyMillionSamples() {
    assertThat(LoadTrace.constant(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).size())
        .isEqualTo(1);
    assertThatThrownBy(() -> LoadTrace.constant(Duration.ofMillis(999), Duration.ofSeconds(1), 1))
        .hasMessageContaining("would hold 0 samples; allowed 1 to 50,000,000");
    assertThat(LoadTrace.constant(Duration.ofSeconds(50_000_000), Duration.ofSeconds(1), 0).size())
        .isEqualTo(50_000_000);
    assertThatThrownBy(
            () -> LoadTrace.constant(Duration.ofSeconds(50_000_001), Duration.ofSeconds(1), 0))
        .hasMessageContaining("would hold 50000001 samples");
  }

  @Test
  void aCapacityModelRefusesWhatCannotServeAndAcceptsZeroPoolsAndInstances() {
    assertThatThrownBy(() -> CapacityModel.defaults().withPerInstance(0))
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage("perInstance must be above 0, got 0.0");
    assertThat(CapacityModel.defaults().withWarmPool(0, Duration.ZERO).warmPool()).isZero();
    assertThat(CapacityModel.defaults().withInitialInstances(0).initialInstances()).isZero();
    assertThat(CapacityModel.defaults().withStartupDelay(Duration.ZERO).startupDelay()).isZero();
  }
}
