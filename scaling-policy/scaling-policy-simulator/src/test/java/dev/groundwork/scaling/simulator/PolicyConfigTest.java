package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.AutoscalerState;
import dev.groundwork.scaling.Metric;
import dev.groundwork.scaling.ScalingInput;
import dev.groundwork.scaling.ScalingPolicyException;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each option of a policy file takes effect, checked by the decisions the autoscaler then makes.
 */
class PolicyConfigTest {

  private static final Instant NINE_AM = Instant.parse("2026-03-02T09:00:00Z");

  private static Autoscaler read(String properties) throws IOException {
    return PolicyConfig.read(new StringReader(properties), "file").autoscaler();
  }

  private static int decide(Autoscaler a, int current, double cpu) {
    return a.decide(
            ScalingInput.of(NINE_AM, current, "cpu", Metric.average(cpu, current)),
            AutoscalerState.initial())
        .desiredCapacity();
  }

  @Test
  void targetTrackingRatesTakeTheMostPermissiveAndScaleInCanBeDisabled() throws IOException {
    Autoscaler a =
        read(
            """
            policy.tt.type = target-tracking
            policy.tt.targets = cpu:50
            policy.tt.scale-out-rate = 2 per 60s, 50% per 60s
            policy.tt.scale-in-rate = disabled
            """);

    // From 10 at twice the target (20 wanted): max(10 + 2, ceil(10 × 1.5)) = 15.
    assertThat(decide(a, 10, 100)).isEqualTo(15);
    assertThat(decide(a, 10, 25)).as("scale-in disabled").isEqualTo(10);
  }

  @Test
  void theLegacyRulesLimitAScaleOutToTwiceTheCurrentCount() throws IOException {
    Autoscaler a =
        read(
            """
            policy.old.type = target-tracking
            policy.old.targets = cpu:50
            policy.old.legacy = true
            """);

    assertThat(decide(a, 3, 200)).isEqualTo(6);
  }

  @Test
  void aMinimumAdjustmentMagnitudeRaisesASmallPercentStep() throws IOException {
    String base =
        """
        policy.hot.type = step
        policy.hot.metric = cpu
        policy.hot.alarm = >= 80
        policy.hot.adjustment = percent
        policy.hot.steps = 0..:10
        """;

    assertThat(decide(read(base), 10, 90)).as("10 % of 10").isEqualTo(11);
    assertThat(decide(read(base + "policy.hot.min-adjustment = 3\n"), 10, 90)).isEqualTo(13);
  }

  @Test
  void theBoundsAndSchedulesOfTheFileApply() throws IOException {
    Autoscaler a =
        read(
            """
            min = 3
            max = 4
            policy.tt.type = target-tracking
            policy.tt.targets = cpu:50
            schedule.morning = 08:00-12:00 UTC 4
            """);

    assertThat(decide(a, 10, 5)).as("raised to the morning's 4 at 09:00").isEqualTo(4);
    assertThat(
            a.decide(
                    ScalingInput.of(
                        NINE_AM.plusSeconds(4 * 3600), 10, "cpu", Metric.average(5, 10)),
                    AutoscalerState.initial())
                .desiredCapacity())
        .as("after noon: the file's minimum of 3")
        .isEqualTo(3);
  }

  @Test
  void mistakesNameTheKey() {
    assertThatThrownBy(() -> read("policy.x = 1\n"))
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage("key 'policy.x' should be policy.<name>.<option>");
    assertThatThrownBy(
            () ->
                read(
                    """
                    policy.tt.type = target-tracking
                    policy.tt.targets = cpu:50
                    policy.tt.scale-out-rate = 2 each 60s
                    """))
        .hasMessage(
            "policy.tt.scale-out-rate: expected '<n> per <duration>' or '<n>% per <duration>',"
                + " got '2 each 60s'");
    String tt = "policy.tt.type = target-tracking\npolicy.tt.targets = cpu:50\n";
    assertThatThrownBy(() -> read(tt + "schedule.s = 08:00-12:00 Mars/Base 2\n"))
        .hasMessageStartingWith("schedule.s: ")
        .hasMessageContaining("Mars/Base");
    assertThatThrownBy(() -> read(tt + "schedule.s = 08:00-12:00 UTC -1\n"))
        .as("the library's own message passes through unwrapped")
        .hasMessage("scheduled min capacity must be 0 to 1000000, got -1");
    assertThatThrownBy(() -> read(tt + "min = lots\n"))
        .hasMessage("min: expected a whole number, got 'lots'");
  }
}
