package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA's replica calculation, case by case from kubernetes {@code
 * pkg/controller/podautoscaler/replica_calculator_test.go}, where the pods' requests are equal so
 * that utilisation is the average over the pods that report. Each row names the upstream test and
 * writes out the arithmetic. And the explanation of each outcome, which says what decided it and
 * nothing that did not.
 */
class HpaReplicaCalculatorConformanceTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** No stabilisation and no rate limit in the way: the replica calculation alone. */
  private static TargetTrackingPolicy policy(double target) {
    ScalingRules free =
        ScalingRules.of(
            Duration.ZERO, SelectPolicy.MAX, RatePolicy.percent(1000, Duration.ofSeconds(15)));
    return TargetTrackingPolicy.builder("hpa")
        .target("m", target)
        .behavior(new ScalingBehavior(free, free))
        .build();
  }

  private static Recommendation recommend(TargetTrackingPolicy p, int current, Metric m) {
    return p.recommend(ScalingInput.of(T0, current, "m", m), AutoscalerState.initial());
  }

  /**
   * Upstream: missing pods are filled in only when the usage ratio is below 1 (at the target on a
   * scale-down) or above 1 (at 0 on a scale-up); at exactly 1 neither branch runs, the ratio stays
   * 1, and the tolerance keeps the current count.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # upstream test | current | target | reporting | average | missing | not ready | expected
          TestReplicaCalcMissingMetricsNoChangeEq: 1 of 2 at 100 %, ratio 1                       | 2 | 100   | 1 | 100   | 1 | 0 | 2
          TestPlainMetricReplicaCalcMissingMetricsNoChangeEq: 3 of 5 at 20000 qps, ratio 1        | 5 | 20000 | 3 | 20000 | 2 | 0 | 5
          TestReplicaCalcMissingMetricsNoChangeGt: 190 % and a missing pod at 0 → 95 %, tolerance  | 2 | 100   | 1 | 190   | 1 | 0 | 2
          TestReplicaCalcMissingMetricsNoChangeLt: 60 % and a missing pod at 100 → 80 %, ceil(1.6) | 2 | 100   | 1 | 60    | 1 | 0 | 2
          TestReplicaCalcMissingMetricsUnreadyScaleUp: 200 %, unready and missing at 0 → 66.7/50 × 3 | 3 | 50 | 1 | 200   | 1 | 1 | 4
          TestReplicaCalcMissingMetricsUnreadyChange: 45 % → ratio 0.9, filled in → inside or held | 3 | 50    | 1 | 45    | 1 | 1 | 3
          """)
  void missingAndUnreadyPods(
      String name,
      int current,
      double target,
      int reporting,
      double average,
      int missing,
      int notReady,
      int expected) {
    Metric m = Metric.average(average, reporting).withMissing(missing).withNotReady(notReady);
    assertThat(recommend(policy(target), current, m).capacity()).as(name).hasValue(expected);
  }

  /**
   * Upstream: not-ready pods are counted (at 0) only on a scale-up, {@code usageRatio > 1.0}. At
   * exactly the target the ready pods decide alone: 4 ready at target with one more not ready holds
   * 5; counting the not-ready one would give ceil(0.8 × 5) = 4.
   */
  @Test
  void notReadyPodsAreLeftOutAtExactlyTheTarget() {
    Recommendation r = recommend(policy(50), 5, Metric.average(50, 4).withNotReady(1));

    assertThat(r.capacity()).hasValue(5);
    assertThat(r.constraints()).extracting(Constraint::limit).containsExactly(Limit.TOLERANCE);
  }

  /** A total against a per-instance target: the tolerance explains the per-instance value. */
  @Test
  void aTotalWithinToleranceIsExplainedPerInstance() {
    Recommendation r = recommend(policy(100), 10, Metric.total(1025));

    assertThat(r.capacity()).hasValue(10);
    assertThat(r.constraints())
        .extracting(Constraint::detail)
        .containsExactly("m 102.5 is within tolerance of target 100.0 (ratio 1.025): no change");
  }

  /** Filled-in values are explained as the average the calculation used. */
  @Test
  void aFilledInAverageWithinToleranceIsExplainedAsUsed() {
    // 2 ready at 90 and one missing at 0 (scale-up): 180 / 3 = 60 against 57: ratio 1.053.
    Recommendation r = recommend(policy(57), 3, Metric.average(90, 2).withMissing(1));

    assertThat(r.capacity()).hasValue(3);
    assertThat(r.constraints())
        .extracting(Constraint::detail)
        .containsExactly("m 60.0 is within tolerance of target 57.0 (ratio 1.053): no change");
  }

  /** A plain scale-out or scale-in is explained by nothing but itself. */
  @ParameterizedTest(name = "{1} on {0} for target 100 → {2}")
  @CsvSource({"4, 200, 8", "4, 50, 2"})
  void anUnlimitedChangeCarriesNoConstraint(int current, double average, int expected) {
    Autoscaler autoscaler =
        Autoscaler.builder(new CapacityLimits(1, 100)).policy(policy(100)).build();
    Decision d =
        autoscaler.decide(
            ScalingInput.of(T0, current, "m", Metric.average(average, current)),
            AutoscalerState.initial());

    assertThat(d.desiredCapacity()).isEqualTo(expected);
    assertThat(d.recommendations().get(0).constraints()).isEmpty();
    for (Limit limit : Limit.values()) {
      assertThat(d.wasLimitedBy(limit)).as(limit.toString()).isFalse();
    }
  }

  /**
   * With scale-in disabled a load at the target is no scale-in at all, so nothing was disabled; a
   * lower load is held, and says so.
   */
  @Test
  void scaleInDisabledSpeaksOnlyWhenItHolds() {
    TargetTrackingPolicy noScaleIn =
        TargetTrackingPolicy.builder("hpa").target("m", 100).scaleIn(false).build();

    Recommendation steady = recommend(noScaleIn, 4, Metric.average(100, 4));
    Recommendation low = recommend(noScaleIn, 4, Metric.average(10, 4));

    assertThat(steady.constraints()).extracting(Constraint::limit).containsExactly(Limit.TOLERANCE);
    assertThat(low.capacity()).hasValue(4);
    assertThat(low.constraints())
        .extracting(Constraint::detail)
        .containsExactly("scale-in to 1 not done: scale-in is disabled");
  }

  /**
   * A missing metric holds a scale-in only when the others point down; when the others say "stay",
   * nothing was held.
   */
  @Test
  void aMissingMetricSpeaksOnlyWhenItHoldsAScaleIn() {
    TargetTrackingPolicy two =
        TargetTrackingPolicy.builder("hpa")
            .target("cpu", 50)
            .target("rps", 100)
            .behavior(new ScalingBehavior(ScalingRules.disabled(), freeDown()))
            .build();

    Recommendation steady =
        two.recommend(
            ScalingInput.of(T0, 4, "cpu", Metric.average(50, 4)), AutoscalerState.initial());
    Recommendation low =
        two.recommend(
            ScalingInput.of(T0, 4, "cpu", Metric.average(10, 4)), AutoscalerState.initial());

    assertThat(steady.constraints()).extracting(Constraint::limit).containsExactly(Limit.TOLERANCE);
    assertThat(low.capacity()).hasValue(4);
    assertThat(low.constraints())
        .extracting(Constraint::detail)
        .containsExactly("scale-in to 1 held: metric(s) [rps] not observed");
  }

  /** Rate limits explain the bound and the rules; a disabled direction says it is disabled. */
  @Test
  void rateLimitsExplainTheirBound() {
    TargetTrackingPolicy fourPods =
        TargetTrackingPolicy.builder("hpa")
            .target("m", 100)
            .behavior(
                new ScalingBehavior(
                    ScalingRules.of(
                        Duration.ZERO,
                        SelectPolicy.MAX,
                        RatePolicy.instances(4, Duration.ofMinutes(1))),
                    ScalingRules.disabled()))
            .build();

    Recommendation out = recommend(fourPods, 10, Metric.average(500, 10));
    Recommendation in = recommend(fourPods, 10, Metric.average(20, 10));

    assertThat(out.capacity()).hasValue(14);
    assertThat(out.constraints())
        .extracting(Constraint::detail)
        .containsExactly("scale-out to 50 limited to 14 by MAX of [4 instance(s) per 60 s]");
    assertThat(in.capacity()).hasValue(10);
    assertThat(in.constraints())
        .extracting(Constraint::detail)
        .containsExactly("scale-in to 2 limited to 10 (scale-in disabled by the behaviour)");
  }

  /** The policy's memory is its longest window or period, whichever direction it is in. */
  @Test
  void memoryIsTheLongestWindowOrPeriod() {
    assertThat(TargetTrackingPolicy.builder("a").target("m", 1).build().memory())
        .isEqualTo(Duration.ofMinutes(5)); // HPA defaults: the 300 s scale-down window
    ScalingRules longPeriod =
        ScalingRules.of(
            Duration.ofSeconds(30),
            SelectPolicy.MAX,
            RatePolicy.instances(1, Duration.ofMinutes(10)));
    ScalingRules shortOnes =
        ScalingRules.of(
            Duration.ofMinutes(1),
            SelectPolicy.MIN,
            RatePolicy.instances(1, Duration.ofSeconds(15)),
            RatePolicy.percent(10, Duration.ofSeconds(45)));
    assertThat(policyWith(longPeriod, shortOnes).memory()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policyWith(shortOnes, longPeriod).memory()).isEqualTo(Duration.ofMinutes(10));
    assertThat(policyWith(shortOnes, shortOnes).memory()).isEqualTo(Duration.ofMinutes(1));
    assertThat(policyWith(ScalingRules.disabled(), ScalingRules.disabled()).memory())
        .isEqualTo(Duration.ZERO);
    assertThat(TargetTrackingPolicy.builder("b").target("m", 1).legacyBehavior().build().memory())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void describesItself() {
    assertThat(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build().toString())
        .startsWith("TargetTrackingPolicy{cpu-60: ")
        .contains("cpu");
  }

  private static TargetTrackingPolicy policyWith(ScalingRules up, ScalingRules down) {
    return TargetTrackingPolicy.builder("p")
        .target("m", 1)
        .behavior(new ScalingBehavior(up, down))
        .build();
  }

  private static ScalingRules freeDown() {
    return ScalingRules.of(
        Duration.ZERO, SelectPolicy.MAX, RatePolicy.percent(100, Duration.ofSeconds(15)));
  }
}
