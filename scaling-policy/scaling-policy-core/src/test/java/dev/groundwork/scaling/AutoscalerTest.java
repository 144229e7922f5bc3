package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Combining policies as AWS does. Source: Amazon EC2 Auto Scaling User Guide, "Target tracking
 * scaling policies" ("Amazon EC2 Auto Scaling scales out your group if any of the target tracking
 * policies are ready to scale out, but will scale in only if all of the target tracking policies
 * (with the scale-in portion enabled) are ready to scale in") and "Scheduled scaling".
 */
class AutoscalerTest {

  private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z"); // a Monday

  private static TargetTrackingPolicy tracking(String name, String metric, double target) {
    return TargetTrackingPolicy.builder(name)
        .target(metric, target)
        .behavior(
            new ScalingBehavior(
                ScalingRules.of(
                    Duration.ZERO,
                    SelectPolicy.MAX,
                    RatePolicy.percent(1000, Duration.ofSeconds(15))),
                ScalingRules.of(
                    Duration.ZERO,
                    SelectPolicy.MAX,
                    RatePolicy.percent(100, Duration.ofSeconds(15)))))
        .build();
  }

  private static ScalingInput input(int current, double cpu, double rps) {
    return new ScalingInput(
        T0,
        current,
        Map.of("cpu", Metric.average(cpu, current), "rps", Metric.average(rps, current)));
  }

  @Test
  void scaleOutIfAnyPolicySaysSo() {
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(1, 100))
            .policy(tracking("cpu", "cpu", 50))
            .policy(tracking("rps", "rps", 100))
            .build();

    Decision d = a.decide(input(10, 20, 200), AutoscalerState.initial()); // cpu says 4, rps 20

    assertThat(d.desiredCapacity()).isEqualTo(20);
  }

  @Test
  void scaleInOnlyIfAllPoliciesDo() {
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(1, 100))
            .policy(tracking("cpu", "cpu", 50))
            .policy(tracking("rps", "rps", 100))
            .build();

    Decision oneHolds = a.decide(input(10, 20, 100), AutoscalerState.initial()); // cpu 4, rps holds
    Decision bothIn = a.decide(input(10, 20, 60), AutoscalerState.initial()); // cpu 4, rps 6

    assertThat(oneHolds.desiredCapacity()).isEqualTo(10);
    assertThat(oneHolds.wasLimitedBy(Limit.COMPOSITION)).isTrue();
    assertThat(oneHolds.explain()).contains("scale-in to 4 not done: [rps] do(es) not agree");
    assertThat(bothIn.desiredCapacity()).isEqualTo(6); // the smaller reduction
  }

  @Test
  void aPolicyWithScaleInDisabledNeitherStartsNorBlocksScaleIn() {
    TargetTrackingPolicy noIn =
        TargetTrackingPolicy.builder("rps").target("rps", 100).scaleIn(false).build();
    Autoscaler alone = Autoscaler.builder(new CapacityLimits(1, 100)).policy(noIn).build();
    Autoscaler pair =
        Autoscaler.builder(new CapacityLimits(1, 100))
            .policy(tracking("cpu", "cpu", 50))
            .policy(noIn)
            .build();

    assertThat(alone.decide(input(10, 20, 10), AutoscalerState.initial()).desiredCapacity())
        .isEqualTo(10);
    assertThat(pair.decide(input(10, 20, 10), AutoscalerState.initial()).desiredCapacity())
        .isEqualTo(4);
    // It still scales out: 30 wanted, and its default behaviour allows 100 % per 15 s, so 20.
    assertThat(pair.decide(input(10, 20, 300), AutoscalerState.initial()).desiredCapacity())
        .isEqualTo(20);
  }

  @Test
  void aStepPolicyAndATrackingPolicyTogether() {
    StepScalingPolicy queueAlarm =
        StepScalingPolicy.builder("queue-high", "queue")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 1000)
            .step(StepAdjustment.from(0, 5))
            .build();
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(1, 100))
            .policy(tracking("cpu", "cpu", 50))
            .policy(queueAlarm)
            .build();

    ScalingInput calm =
        new ScalingInput(T0, 10, Map.of("cpu", Metric.average(20, 10), "queue", Metric.total(10)));
    ScalingInput backlog =
        new ScalingInput(
            T0, 10, Map.of("cpu", Metric.average(50, 10), "queue", Metric.total(5000)));

    assertThat(a.decide(calm, AutoscalerState.initial()).desiredCapacity()).isEqualTo(4);
    assertThat(a.decide(backlog, AutoscalerState.initial()).desiredCapacity()).isEqualTo(15);
  }

  @Test
  void scheduledMinimumsAndCapacityLimitsApplyLast() {
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(2, 12))
            .policy(tracking("cpu", "cpu", 50))
            .schedule(
                ScheduledCapacity.daily(LocalTime.of(7, 30), LocalTime.of(9, 0), ZoneOffset.UTC, 8))
            .build();

    Decision morning =
        a.decide(ScalingInput.of(T0, 10, "cpu", Metric.average(5, 10)), AutoscalerState.initial());
    Decision night =
        a.decide(
            ScalingInput.of(T0.plus(Duration.ofHours(14)), 10, "cpu", Metric.average(5, 10)),
            AutoscalerState.initial());
    Decision surge =
        a.decide(
            ScalingInput.of(T0, 10, "cpu", Metric.average(200, 10)), AutoscalerState.initial());

    assertThat(morning.desiredCapacity()).isEqualTo(8);
    assertThat(morning.explain()).contains("raised from 1 to the scheduled minimum 8");
    assertThat(night.desiredCapacity()).isEqualTo(2);
    assertThat(night.wasLimitedBy(Limit.MIN_CAPACITY)).isTrue();
    assertThat(surge.desiredCapacity()).isEqualTo(12);
    assertThat(surge.wasLimitedBy(Limit.MAX_CAPACITY)).isTrue();
  }

  @Test
  void aWindowAcrossMidnight() {
    ScheduledCapacity batch =
        ScheduledCapacity.daily(LocalTime.of(23, 0), LocalTime.of(2, 0), ZoneOffset.UTC, 5);

    assertThat(batch.isActive(Instant.parse("2026-01-05T23:30:00Z"))).isTrue();
    assertThat(batch.isActive(Instant.parse("2026-01-06T01:59:00Z"))).isTrue();
    assertThat(batch.isActive(Instant.parse("2026-01-06T02:00:00Z"))).isFalse();
    assertThat(batch.isActive(Instant.parse("2026-01-06T12:00:00Z"))).isFalse();
  }

  @Test
  void theStateKeepsOnlyWhatTheRulesLookAt() {
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(1, 100))
            .policy(TargetTrackingPolicy.builder("cpu").target("cpu", 50).build())
            .build();
    AutoscalerState state = AutoscalerState.initial();
    for (int i = 0; i < 100; i++) {
      state =
          a.decide(
                  ScalingInput.of(T0.plusSeconds(15L * i), 10, "cpu", Metric.average(50, 10)),
                  state)
              .state();
    }

    // The longest rule is the 300 s scale-in window: 20 samples at 15 s.
    assertThat(state.recommendations("cpu")).hasSizeLessThanOrEqualTo(21);
  }

  @Test
  void configurationMistakesAreRefused() {
    assertThatThrownBy(
            () ->
                Autoscaler.builder(new CapacityLimits(1, 10))
                    .policy(tracking("same", "cpu", 50))
                    .policy(tracking("same", "rps", 50))
                    .build())
        .hasMessage("two policies are named 'same'");
    assertThatThrownBy(
            () ->
                Autoscaler.builder(new CapacityLimits(1, 10))
                    .schedule(
                        ScheduledCapacity.daily(
                            LocalTime.NOON, LocalTime.MIDNIGHT, ZoneOffset.UTC, 11))
                    .build())
        .hasMessage("scheduled minimum 11 exceeds max capacity 10");
    assertThatThrownBy(() -> new ScalingInput(T0, -1, Map.of()))
        .hasMessageContaining("current capacity must be 0 to");
  }
}
