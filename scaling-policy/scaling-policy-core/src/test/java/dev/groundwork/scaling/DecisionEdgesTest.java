package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What a decision reports at the edges: a limit is named only when it changed the outcome (a
 * capacity that lands exactly on a bound was not limited by it), the words say which way the
 * capacity moved, and every bound of every allowed range is itself allowed.
 *
 * <p>The cases where the outcome itself is at stake come from the HPA's {@code
 * replica_calculator.go}: unready pods are counted only when the ready ones ask for more ({@code
 * rebalanceIgnored := len(unreadyPods) > 0 && usageRatio > 1.0}), so at a usage ratio of exactly 1
 * they are left out and the tolerance holds the count.
 */
class DecisionEdgesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static TargetTrackingPolicy.Builder hpa() {
    return TargetTrackingPolicy.builder("hpa").target("m", 100);
  }

  private static Decision decide(
      TargetTrackingPolicy policy, CapacityLimits limits, int current, double average) {
    return decide(policy, limits, current, average, AutoscalerState.initial());
  }

  private static Decision decide(
      TargetTrackingPolicy policy,
      CapacityLimits limits,
      int current,
      double average,
      AutoscalerState state) {
    return Autoscaler.builder(limits)
        .policy(policy)
        .build()
        .decide(ScalingInput.of(NOW, current, "m", Metric.average(average, current)), state);
  }

  private static final CapacityLimits WIDE = new CapacityLimits(0, 1000);

  @Test
  void atExactlyTheTargetUnreadyInstancesAreNotCountedAndTheToleranceHolds() {
    // 10 instances: 5 ready at exactly the target, 5 not ready. Counting the unready ones at 0
    // would halve the average and scale in to 5; the HPA counts them only when scaling out.
    Metric halfReady = new Metric(Metric.Kind.AVERAGE, 100, 5, 0, 5);
    Decision d =
        Autoscaler.builder(WIDE)
            .policy(hpa().build())
            .build()
            .decide(new ScalingInput(NOW, 10, Map.of("m", halfReady)), AutoscalerState.initial());

    assertThat(d.desiredCapacity()).isEqualTo(10);
    assertThat(d.wasLimitedBy(Limit.TOLERANCE)).isTrue();
  }

  @Test
  void aScaleThatNoWindowHoldsNamesNoStabilisation() {
    // Scale-in 10 → 5 with the default 300 s window and no earlier recommendation: nothing holds.
    Decision in = decide(hpa().build(), WIDE, 10, 50);
    assertThat(in.desiredCapacity()).isEqualTo(5);
    assertThat(in.wasLimitedBy(Limit.STABILIZATION_WINDOW)).isFalse();

    Decision out = decide(hpa().build(), WIDE, 4, 150);
    assertThat(out.desiredCapacity()).isEqualTo(6);
    assertThat(out.wasLimitedBy(Limit.STABILIZATION_WINDOW)).isFalse();
    assertThat(out.wasLimitedBy(Limit.RATE_LIMIT)).isFalse();
  }

  @Test
  void aScaleOutHeldByItsWindowSaysSo() {
    TargetTrackingPolicy policy =
        hpa()
            .behavior(
                new ScalingBehavior(
                    ScalingRules.of(
                        Duration.ofSeconds(60),
                        SelectPolicy.MAX,
                        RatePolicy.percent(100, Duration.ofSeconds(15))),
                    ScalingBehavior.HPA_DEFAULT.scaleDown()))
            .build();
    AutoscalerState earlier =
        AutoscalerState.initial().next(null, Map.of("hpa", 4), NOW.minusSeconds(30), Instant.MIN);

    Decision d = decide(policy, WIDE, 4, 200, earlier);

    assertThat(d.desiredCapacity()).isEqualTo(4);
    assertThat(d.recommendations().get(0).constraints())
        .containsExactly(
            new Constraint(
                Limit.STABILIZATION_WINDOW,
                "scale-out to 8 held at 4 by the 60 s scale-out stabilisation window"));
  }

  @Test
  void aScaleThatLandsExactlyOnItsRateLimitWasNotLimited() {
    // Default scale-out from 10: max(100 % → 20, +4 → 14) = 20.
    Decision out = decide(hpa().build(), WIDE, 10, 200);
    assertThat(out.desiredCapacity()).isEqualTo(20);
    assertThat(out.wasLimitedBy(Limit.RATE_LIMIT)).isFalse();

    // 50 % per minute from 10 allows 5.
    TargetTrackingPolicy halving =
        hpa()
            .behavior(
                new ScalingBehavior(
                    ScalingBehavior.HPA_DEFAULT.scaleUp(),
                    ScalingRules.of(
                        Duration.ZERO,
                        SelectPolicy.MAX,
                        RatePolicy.percent(50, Duration.ofSeconds(60)))))
            .build();
    Decision in = decide(halving, WIDE, 10, 50);
    assertThat(in.desiredCapacity()).isEqualTo(5);
    assertThat(in.wasLimitedBy(Limit.RATE_LIMIT)).isFalse();
    Decision further = decide(halving, WIDE, 10, 40);
    assertThat(further.desiredCapacity()).isEqualTo(5);
    assertThat(further.wasLimitedBy(Limit.RATE_LIMIT)).isTrue();
  }

  @Test
  void theLegacyRulesNameTheirLimitsOnlyWhenTheyBite() {
    TargetTrackingPolicy legacy = hpa().legacyBehavior().build();

    // Scale-out limit max(2 × 3, 4) = 6: landing on it is not a limit.
    Decision onLimit = decide(legacy, WIDE, 3, 200);
    assertThat(onLimit.desiredCapacity()).isEqualTo(6);
    assertThat(onLimit.wasLimitedBy(Limit.RATE_LIMIT)).isFalse();

    // Scale-in with nothing higher in the last 300 s: not held.
    Decision unheld = decide(legacy, WIDE, 10, 50);
    assertThat(unheld.desiredCapacity()).isEqualTo(5);
    assertThat(unheld.wasLimitedBy(Limit.STABILIZATION_WINDOW)).isFalse();

    // Scale-in with 10 recommended 100 s ago: held at 10, and said so.
    AutoscalerState earlier =
        AutoscalerState.initial().next(null, Map.of("hpa", 10), NOW.minusSeconds(100), Instant.MIN);
    Decision held = decide(legacy, WIDE, 10, 50, earlier);
    assertThat(held.desiredCapacity()).isEqualTo(10);
    assertThat(held.recommendations().get(0).constraints())
        .containsExactly(
            new Constraint(
                Limit.STABILIZATION_WINDOW,
                "scale-in to 5 held at 10 by the legacy 300 s downscale window"));
  }

  @Test
  void aCapacityExactlyOnABoundWasNotRaisedOrLowered() {
    TargetTrackingPolicy policy = hpa().build();
    assertThat(decide(policy, new CapacityLimits(5, 1000), 10, 50).wasLimitedBy(Limit.MIN_CAPACITY))
        .isFalse();
    assertThat(decide(policy, new CapacityLimits(1, 6), 4, 150).wasLimitedBy(Limit.MAX_CAPACITY))
        .isFalse();

    Autoscaler scheduled =
        Autoscaler.builder(WIDE)
            .policy(policy)
            .schedule(ScheduledCapacity.daily(LocalTime.MIN, LocalTime.NOON, ZoneOffset.UTC, 5))
            .build();
    Decision atScheduled =
        scheduled.decide(
            ScalingInput.of(NOW.minusSeconds(3600), 10, "m", Metric.average(50, 10)),
            AutoscalerState.initial());
    assertThat(atScheduled.desiredCapacity()).isEqualTo(5);
    assertThat(atScheduled.wasLimitedBy(Limit.SCHEDULED_MINIMUM)).isFalse();
  }

  @Test
  void wasLimitedByNamesOnlyTheLimitsThatApplied() {
    // At the target (tolerance) with 2 instances, raised to the minimum of 3.
    Decision d = decide(hpa().build(), new CapacityLimits(3, 10), 2, 100);

    assertThat(d.desiredCapacity()).isEqualTo(3);
    assertThat(d.wasLimitedBy(Limit.TOLERANCE)).isTrue();
    assertThat(d.wasLimitedBy(Limit.MIN_CAPACITY)).isTrue();
    assertThat(d.wasLimitedBy(Limit.RATE_LIMIT)).isFalse();
  }

  @Test
  void theExplanationSaysWhichWayTheCapacityMoved() {
    TargetTrackingPolicy policy = hpa().build();
    assertThat(decide(policy, WIDE, 4, 150).explain()).startsWith("4 → 6 (scale out); hpa: 6");
    assertThat(decide(policy, WIDE, 10, 50).explain()).startsWith("10 → 5 (scale in); hpa: 5");
    assertThat(decide(policy, WIDE, 10, 100).explain()).startsWith("10 → 10 (hold); hpa: 10 (");
  }

  @Test
  void aRecommendationWithoutACapacitySaysItHasNoOpinion() {
    assertThat(new Recommendation("p", OptionalInt.empty(), List.of()))
        .hasToString("p: no opinion");
    assertThat(
            new Recommendation(
                "p", OptionalInt.of(5), List.of(new Constraint(Limit.COOLDOWN, "cooling"))))
        .hasToString("p: 5 (cooling)");
  }

  @Test
  void statesAreEqualExactlyWhenTheirHistoriesAre() {
    AutoscalerState scaled =
        AutoscalerState.initial().next(new ScaleEvent(NOW, 2), Map.of(), NOW, Instant.MIN);

    assertThat(scaled)
        .isEqualTo(
            AutoscalerState.initial().next(new ScaleEvent(NOW, 2), Map.of(), NOW, Instant.MIN));
    assertThat(scaled).isNotEqualTo(AutoscalerState.initial());
    assertThat(scaled)
        .isNotEqualTo(
            AutoscalerState.initial()
                .next(new ScaleEvent(NOW, 2), Map.of("p", 1), NOW, Instant.MIN));
  }

  @Test
  void aWindowAcrossMidnightOpensOnlyOnItsListedDays() {
    // Friday 22:00 to Saturday 06:00, UTC. 2026-01-02 is a Friday.
    ScheduledCapacity fridayNight =
        new ScheduledCapacity(
            LocalTime.of(22, 0),
            LocalTime.of(6, 0),
            ZoneOffset.UTC,
            EnumSet.of(DayOfWeek.FRIDAY),
            5);

    assertThat(fridayNight.isActive(Instant.parse("2026-01-02T23:00:00Z"))).isTrue();
    assertThat(fridayNight.isActive(Instant.parse("2026-01-03T05:00:00Z"))).isTrue();
    assertThat(fridayNight.isActive(Instant.parse("2026-01-03T23:00:00Z"))).isFalse();
    assertThat(fridayNight.isActive(Instant.parse("2026-01-04T05:00:00Z"))).isFalse();
  }

  @Test
  void everyBoundOfEveryAllowedRangeIsItselfAllowed() {
    assertThat(new CapacityLimits(0, CapacityLimits.LARGEST).max())
        .isEqualTo(CapacityLimits.LARGEST);
    assertThat(RatePolicy.instances(1, Duration.ofSeconds(1)).period())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(RatePolicy.percent(1, Duration.ofMinutes(30)).period())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(
            ScalingInput.of(NOW, CapacityLimits.LARGEST, "m", Metric.average(1, 1))
                .currentCapacity())
        .isEqualTo(CapacityLimits.LARGEST);
    assertThat(
            ScalingRules.of(
                    Duration.ofHours(1),
                    SelectPolicy.MAX,
                    RatePolicy.instances(1, Duration.ofSeconds(15)))
                .stabilizationWindow())
        .isEqualTo(Duration.ofHours(1));
    assertThat(
            ScheduledCapacity.daily(LocalTime.MIN, LocalTime.NOON, ZoneOffset.UTC, 0).minCapacity())
        .isZero();
    assertThat(
            ScheduledCapacity.daily(
                    LocalTime.MIN, LocalTime.NOON, ZoneOffset.UTC, CapacityLimits.LARGEST)
                .minCapacity())
        .isEqualTo(CapacityLimits.LARGEST);
    assertThat(hpa().tolerance(0).build()).isNotNull();
    assertThat(
            StepScalingPolicy.builder("s", "m")
                .alarm(Comparison.GREATER_THAN, 80)
                .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                .step(StepAdjustment.from(0, 0))
                .build())
        .isNotNull();
    assertThat(
            Autoscaler.builder(new CapacityLimits(1, 5))
                .policy(hpa().build())
                .schedule(ScheduledCapacity.daily(LocalTime.MIN, LocalTime.NOON, ZoneOffset.UTC, 5))
                .build())
        .isNotNull();
  }

  @Test
  void aStepTableErrorNamesTheBoundTheAlarmsDirectionNeeds() {
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("s", "m")
                    .alarm(Comparison.GREATER_THAN, 80)
                    .step(StepAdjustment.upTo(10, 1))
                    .build())
        .hasMessageEndingWith("every step needs its lower bound");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("s", "m")
                    .alarm(Comparison.LESS_THAN, 20)
                    .step(StepAdjustment.from(-10, -1))
                    .build())
        .hasMessageEndingWith("every step needs its upper bound");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("s", "m")
                    .alarm(Comparison.GREATER_THAN, 80)
                    .step(StepAdjustment.between(0, 10, 1))
                    .build())
        .hasMessageContaining("must be open-ended (upper bound null)");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("s", "m")
                    .alarm(Comparison.LESS_THAN, 20)
                    .step(StepAdjustment.between(-10, 0, -1))
                    .build())
        .hasMessageContaining("must be open-ended (lower bound null)");
  }

  @Test
  void withFewerPodsThanReplicasTheReadyPodsDecideAlone() {
    // replica_calculator.go: with nothing missing or unready, the result is
    // ceil(usageRatio × readyPodCount), even when fewer pods report than the scale asks for:
    // 3 pods at 150 % of target → ceil(1.5 × 3) = 5, from 10 replicas.
    Decision d =
        Autoscaler.builder(WIDE)
            .policy(hpa().build())
            .build()
            .decide(
                ScalingInput.of(NOW, 10, "m", Metric.average(150, 3)), AutoscalerState.initial());

    assertThat(d.desiredCapacity()).isEqualTo(5);
    assertThat(d.wasLimitedBy(Limit.DIRECTION_REVERSAL)).isFalse();
  }

  @Test
  void aFilledInEstimateThatLandsOnTheCurrentCountIsNotAReversal() {
    // Scale-out: 4 ready at 150 %, 1 missing counted at 0: 600 / 5 / 100 = 1.2, ceil(1.2 × 5) = 6
    // on 6 replicas: no change, and nothing reversed.
    Decision out =
        Autoscaler.builder(WIDE)
            .policy(hpa().build())
            .build()
            .decide(
                new ScalingInput(
                    NOW, 6, Map.of("m", new Metric(Metric.Kind.AVERAGE, 150, 4, 1, 0))),
                AutoscalerState.initial());
    assertThat(out.desiredCapacity()).isEqualTo(6);
    assertThat(out.wasLimitedBy(Limit.DIRECTION_REVERSAL)).isFalse();

    // Scale-in: 4 ready at 50 %, 2 missing counted at the target: 400 / 6 / 100 = 0.667,
    // ceil(0.667 × 6) = 4 on 4 replicas.
    Decision in =
        Autoscaler.builder(WIDE)
            .policy(hpa().build())
            .build()
            .decide(
                new ScalingInput(NOW, 4, Map.of("m", new Metric(Metric.Kind.AVERAGE, 50, 4, 2, 0))),
                AutoscalerState.initial());
    assertThat(in.desiredCapacity()).isEqualTo(4);
    assertThat(in.wasLimitedBy(Limit.DIRECTION_REVERSAL)).isFalse();
  }

  @Test
  void legacyHistoryAboveAnUnchangedCountIsAScaleOutNotAHeldScaleIn() {
    // stabilizeRecommendation (legacy) takes the highest recommendation of the last 300 s even
    // when the new one equals the current count; the limit max(2 × 8, 4) = 16 then applies.
    AutoscalerState earlier =
        AutoscalerState.initial().next(null, Map.of("hpa", 20), NOW.minusSeconds(60), Instant.MIN);

    Decision d = decide(hpa().legacyBehavior().build(), WIDE, 8, 100, earlier);

    assertThat(d.desiredCapacity()).isEqualTo(16);
    assertThat(d.wasLimitedBy(Limit.STABILIZATION_WINDOW)).isFalse();
    assertThat(d.wasLimitedBy(Limit.RATE_LIMIT)).isTrue();
  }

  @Test
  void aToleranceOfOneOrMoreIsRefused() {
    assertThatThrownBy(() -> hpa().tolerance(1).build())
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage("hpa: tolerance must be at least 0 and below 1, got 1.0");
  }

  @Test
  void aStepAtTheLargestCapacityAddsNothingAndSaysNothingOfWarmUp() {
    StepScalingPolicy plusOne =
        StepScalingPolicy.builder("s", "m")
            .alarm(Comparison.GREATER_THAN, 80)
            .step(StepAdjustment.from(0, 1))
            .build();

    Recommendation r =
        plusOne.recommend(
            ScalingInput.of(NOW, CapacityLimits.LARGEST, "m", Metric.average(90, 1)),
            AutoscalerState.initial());

    assertThat(r.capacity()).hasValue(CapacityLimits.LARGEST);
    assertThat(r.constraints()).isEmpty();
  }
}
