package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes Horizontal Pod Autoscaler's documented behaviour, reproduced. Source: Kubernetes
 * documentation, "Horizontal Pod Autoscaling", sections "Algorithm details", "Configurable scaling
 * behavior", "Default Behavior" and "Stabilization window"
 * (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/).
 */
class HpaExamplesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Recommendation recommend(TargetTrackingPolicy policy, int current, Metric m) {
    return policy.recommend(ScalingInput.of(T0, current, "m", m), AutoscalerState.initial());
  }

  private static TargetTrackingPolicy.Builder policy(double target) {
    // No stabilisation and generous rate limits, to look at the replica calculation alone.
    return TargetTrackingPolicy.builder("hpa")
        .target("m", target)
        .behavior(
            new ScalingBehavior(
                ScalingRules.of(
                    Duration.ZERO,
                    SelectPolicy.MAX,
                    RatePolicy.percent(1000, Duration.ofSeconds(15))),
                ScalingRules.of(
                    Duration.ZERO,
                    SelectPolicy.MAX,
                    RatePolicy.percent(100, Duration.ofSeconds(15)))));
  }

  /**
   * "Algorithm details": desiredReplicas = ceil(currentReplicas × currentMetricValue /
   * desiredMetricValue).
   */
  @ParameterizedTest(name = "{0} replicas at {1} for target {2} → {3}")
  @CsvSource({
    "4, 200, 100, 8", // "if the current metric value is 200m, and the desired value is 100m, the
    // number of replicas will be doubled"
    "4, 50, 100, 2", // "If the current value is instead 50m, you'll halve the number of replicas"
    "4, 105, 100, 4", // within the default 0.1 tolerance: "skips any scaling action"
    "4, 91, 100, 4",
    "4, 111, 100, 5", // just outside: ceil(4 × 1.11) = 5
    "3, 70, 50, 5" // ceil(3 × 1.4) = 5
  })
  void theRatioFormula(int current, double value, double target, int expected) {
    assertThat(
            recommend(policy(target).build(), current, Metric.average(value, current)).capacity())
        .hasValue(expected);
  }

  @Test
  void toleranceCanDifferByDirection() {
    TargetTrackingPolicy p = policy(100).tolerance(0.05, 0.3).build();

    assertThat(recommend(p, 10, Metric.average(106, 10)).capacity()).hasValue(11); // > 1.05: out
    assertThat(recommend(p, 10, Metric.average(75, 10)).capacity()).hasValue(10); // ≥ 0.7: hold
    assertThat(recommend(p, 10, Metric.average(69, 10)).capacity()).hasValue(7); // < 0.7: in
  }

  /**
   * "Algorithm details": pods with missing metrics count as 100 % of the desired value when scaling
   * down and 0 % when scaling up; not-ready pods as 0 % when scaling up; and if that reverses the
   * direction, no scaling.
   */
  @Test
  void missingAndNotReadyInstancesAreFilledInConservatively() {
    TargetTrackingPolicy p = policy(50).build();

    // Scale down: 4 ready at 25 (ratio 0.5) and 2 missing counted at 50 → (100 + 100) / 6 / 50.
    assertThat(recommend(p, 6, Metric.average(25, 4).withMissing(2)).capacity()).hasValue(4);
    // Scale up: 2 ready at 100 (ratio 2), 2 not ready counted at 0 → ratio 1 → within tolerance.
    Recommendation damped = recommend(p, 4, Metric.average(100, 2).withNotReady(2));
    assertThat(damped.capacity()).hasValue(4);
    assertThat(damped.constraints()).extracting(Constraint::limit).containsExactly(Limit.TOLERANCE);
    // Scale up: 2 ready at 90 (1.8), 1 missing counted at 0 → 180/3/50 = 1.2 → ceil(3 × 1.2) = 4.
    assertThat(recommend(p, 3, Metric.average(90, 2).withMissing(1)).capacity()).hasValue(4);
    // ...while 2 ready at 80 with 1 missing comes to 160/3/50 = 1.07: inside the tolerance.
    assertThat(recommend(p, 3, Metric.average(80, 2).withMissing(1)).capacity()).hasValue(3);
    // Direction reversal: ready say up (60/50 = 1.2), 3 missing at 0 → 60/4/50 = 0.3: hold.
    Recommendation reversed = recommend(p, 4, Metric.average(60, 1).withMissing(3));
    assertThat(reversed.capacity()).hasValue(4);
    assertThat(reversed.constraints())
        .extracting(Constraint::limit)
        .containsExactly(Limit.DIRECTION_REVERSAL);
  }

  /**
   * "Algorithm details": with several metrics, the largest recommendation; no scale-in if one is
   * missing.
   */
  @Test
  void severalMetricsTakeTheLargestAndAMissingOneBlocksScaleIn() {
    TargetTrackingPolicy p =
        TargetTrackingPolicy.builder("multi").target("cpu", 50).target("rps", 100).build();

    Recommendation both =
        p.recommend(
            new ScalingInput(
                T0, 4, Map.of("cpu", Metric.average(100, 4), "rps", Metric.average(300, 4))),
            AutoscalerState.initial());
    assertThat(both.capacity()).hasValue(8); // rps says 12, cpu 8; the default rate limit allows 8

    Recommendation oneMissing =
        p.recommend(
            ScalingInput.of(T0, 4, "cpu", Metric.average(10, 4)), AutoscalerState.initial());
    assertThat(oneMissing.capacity()).hasValue(4);
    assertThat(oneMissing.constraints())
        .extracting(Constraint::limit)
        .contains(Limit.MISSING_METRIC);
  }

  /** "Default Behavior": scale up by the larger of 100 % or 4 pods per 15 s. */
  @ParameterizedTest(name = "{0} replicas wanting {1} → {2}")
  @CsvSource({"2, 20, 6", "10, 50, 20", "1, 3, 3"})
  void theDefaultScaleUpLimit(int current, int wanted, int expected) {
    TargetTrackingPolicy p = TargetTrackingPolicy.builder("hpa").target("m", 100).build();
    // value chosen so that the raw recommendation is exactly 'wanted'
    Metric m = Metric.average(100.0 * wanted / current, current);

    assertThat(recommend(p, current, m).capacity()).hasValue(expected);
  }

  /**
   * "Configurable scaling behavior", its scale-down example: policies of 4 pods and 10 % per 60 s,
   * from 80 replicas: "during the first step 8 replicas will be reduced. In the next iteration when
   * the number of replicas is 72, 10% of the pods is 7.2 but the number is rounded up to 8 ... When
   * the number of replicas falls below 40 the first policy (Pods) is applied and 4 replicas will be
   * reduced at a time."
   */
  @Test
  void theDocumentedScaleDownPolicies() {
    TargetTrackingPolicy p =
        TargetTrackingPolicy.builder("hpa")
            .target("m", 100)
            .behavior(
                new ScalingBehavior(
                    ScalingBehavior.HPA_DEFAULT.scaleUp(),
                    ScalingRules.of(
                        Duration.ZERO,
                        SelectPolicy.MAX,
                        RatePolicy.instances(4, Duration.ofSeconds(60)),
                        RatePolicy.percent(10, Duration.ofSeconds(60)))))
            .build();
    Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(1, 100)).policy(p).build();

    List<Integer> path = new ArrayList<>();
    int current = 80;
    AutoscalerState state = AutoscalerState.initial();
    Instant now = T0;
    while (current > 10) {
      // The load wants 10 replicas: 80 × 12.5 / 100 = 10.
      Decision d =
          autoscaler.decide(
              ScalingInput.of(now, current, "m", Metric.average(1000.0 / current, current)), state);
      current = d.desiredCapacity();
      path.add(current);
      state = d.state();
      now = now.plusSeconds(61);
    }

    assertThat(path.subList(0, 3)).containsExactly(72, 64, 57); // 8, then 10 % rounded up
    assertThat(path).contains(36, 32, 28, 24, 20, 16, 12, 10); // 4 at a time below 40
  }

  /** "Stabilization window": scaling in uses the highest recommendation of the last 300 s. */
  @Test
  void theDefaultScaleInWindowHoldsForFiveMinutes() {
    TargetTrackingPolicy p = TargetTrackingPolicy.builder("hpa").target("m", 100).build();
    Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(1, 100)).policy(p).build();

    Decision busy =
        autoscaler.decide(
            ScalingInput.of(T0, 10, "m", Metric.average(100, 10)), AutoscalerState.initial());
    Decision quiet =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(60), 10, "m", Metric.average(50, 10)), busy.state());
    assertThat(quiet.desiredCapacity()).isEqualTo(10);
    assertThat(quiet.explain())
        .contains("scale-in to 5 held at 10 by the 300 s scale-in stabilisation window");

    Decision stillQuiet =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(300), 10, "m", Metric.average(50, 10)), quiet.state());
    assertThat(stillQuiet.desiredCapacity()).isEqualTo(5);
  }

  /** "Configurable scaling behavior": selectPolicy Disabled turns a direction off. */
  @Test
  void aDisabledDirectionNeverScales() {
    TargetTrackingPolicy p =
        TargetTrackingPolicy.builder("hpa")
            .target("m", 100)
            .behavior(
                new ScalingBehavior(ScalingBehavior.HPA_DEFAULT.scaleUp(), ScalingRules.disabled()))
            .build();

    assertThat(recommend(p, 10, Metric.average(10, 10)).capacity()).hasValue(10);
    assertThat(recommend(p, 10, Metric.average(150, 10)).capacity()).hasValue(15);
  }

  /** Before autoscaling/v2 behaviours: scale up to at most max(2 × current, 4). */
  @Test
  void theLegacyScaleUpLimit() {
    TargetTrackingPolicy p =
        TargetTrackingPolicy.builder("hpa").target("m", 10).legacyBehavior().build();

    assertThat(recommend(p, 1, Metric.average(100, 1)).capacity()).hasValue(4);
    assertThat(recommend(p, 5, Metric.average(100, 5)).capacity()).hasValue(10);
  }

  /**
   * A queue-driven worker: total backlog against a backlog per instance (an External AverageValue
   * target).
   */
  @Test
  void backlogPerInstance() {
    TargetTrackingPolicy p = policy(100).build(); // 100 messages per instance

    assertThat(recommend(p, 2, Metric.total(1000)).capacity()).hasValue(10);
    assertThat(recommend(p, 10, Metric.total(1050)).capacity()).hasValue(10); // within tolerance
    assertThat(recommend(p, 10, Metric.total(300)).capacity()).hasValue(3);
    assertThat(recommend(p, 0, Metric.total(250)).capacity()).hasValue(3);
  }

  @Test
  void badInputIsRefusedWithAReason() {
    assertThatThrownBy(() -> Metric.average(Double.NaN, 1))
        .hasMessageContaining("finite number at least 0");
    assertThatThrownBy(() -> Metric.average(-1, 1)).hasMessageContaining("got -1.0");
    assertThatThrownBy(() -> Metric.average(10, 0)).hasMessageContaining("leave the metric out");
    assertThatThrownBy(() -> TargetTrackingPolicy.builder("p").target("m", 0))
        .hasMessageContaining("above 0");
    assertThatThrownBy(() -> TargetTrackingPolicy.builder("p").build())
        .hasMessageContaining("at least one target");
    assertThatThrownBy(
            () -> TargetTrackingPolicy.builder("p").target("m", 1).tolerance(1.5).build())
        .hasMessageContaining("tolerance must be at least 0 and below 1");
    assertThatThrownBy(() -> new CapacityLimits(5, 2))
        .hasMessage("max capacity (2) must not be below min capacity (5)");
    assertThatThrownBy(() -> RatePolicy.percent(10, Duration.ofHours(1)))
        .hasMessageContaining("1 s to 30 min");
  }
}
