package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HPA controller's behaviour rules at their edges, case by case from the upstream sources, each
 * case citing where it came from and writing out the arithmetic:
 *
 * <ul>
 *   <li>{@code TestScalingWithRules} and {@code generateScalingRules} /{@code
 *       generateEventsUniformDistribution} in kubernetes {@code
 *       pkg/controller/podautoscaler/horizontal_test.go} (rate limits with and without earlier
 *       scale events);
 *   <li>{@code stabilizeRecommendationWithBehaviors} (a recommendation counts when its time is
 *       strictly after now − window) and {@code getReplicasChangePerPeriod} (an event counts when
 *       strictly after now − period) in {@code horizontal.go};
 *   <li>{@code TestNormalizeDesiredReplicas} and {@code stabilizeRecommendation} (legacy: a
 *       recommendation counts unless it is before now − 300 s, so exactly 300 s old still counts);
 *   <li>the tolerance test of {@code replica_calculator.go} ({@code math.Abs(1.0-usageRatio) <=
 *       tolerance}: a ratio exactly at 1 ± tolerance is inside).
 * </ul>
 *
 * The prenormalised desired count of an upstream case is produced here by a metric: with target 100
 * and an average of {@code 100 × desired / current}, ceil(current × value / 100) = desired.
 */
class HpaBehaviorConformanceTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  /** {@code generateScalingRules(pods, podsPeriod, percent, percentPeriod, window)}, MaxChange. */
  private static ScalingRules rules(
      int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    List<RatePolicy> policies = new ArrayList<>();
    if (pods != 0) {
      policies.add(RatePolicy.instances(pods, Duration.ofSeconds(podsPeriod)));
    }
    if (percent != 0) {
      policies.add(RatePolicy.percent(percent, Duration.ofSeconds(percentPeriod)));
    }
    return ScalingRules.of(
        Duration.ofSeconds(window), SelectPolicy.MAX, policies.toArray(RatePolicy[]::new));
  }

  /**
   * {@code generateEventsUniformDistribution(changes, 120)}: 120 s cut into equal segments, one
   * event in the middle of each, oldest first. For {1, 5, 9} that is −100 s, −60 s and −20 s. The
   * upstream test takes "now" a little later than the events were made, so the event at −60 s is
   * just outside a 60 s period; here it is placed 1 ms earlier to say the same exactly.
   */
  private static AutoscalerState scaleUpEvents(int... changes) {
    AutoscalerState state = AutoscalerState.initial();
    double segment = 120.0 / changes.length;
    for (int i = 0; i < changes.length; i++) {
      long millisAgo = Math.round((120 - segment * (i + 1) + segment / 2) * 1000) + 1;
      state =
          state.next(
              new ScaleEvent(NOW.minusMillis(millisAgo), changes[i]),
              Map.of(),
              NOW.minusMillis(millisAgo),
              Instant.MIN);
    }
    return state;
  }

  private static int desired(
      @Nullable ScalingRules up,
      @Nullable ScalingRules down,
      int min,
      int max,
      int current,
      int prenormalized,
      AutoscalerState state) {
    ScalingBehavior defaults = ScalingBehavior.HPA_DEFAULT;
    TargetTrackingPolicy policy =
        TargetTrackingPolicy.builder("hpa")
            .target("m", 100)
            .behavior(
                new ScalingBehavior(
                    up != null ? up : defaults.scaleUp(),
                    down != null ? down : defaults.scaleDown()))
            .build();
    Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(min, max)).policy(policy).build();
    double value = 100.0 * prenormalized / current;
    return autoscaler
        .decide(ScalingInput.of(NOW, current, "m", Metric.average(value, current)), state)
        .desiredCapacity();
  }

  /** {@code TestScalingWithRules}, the cases without earlier events. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # name | min | max | current | prenormalised | up rules (pods,period,percent,period,window) or - | down rules or - | expected
          within range                                   | 3 | 8    | 5    | 7    | -               | -               | 7
          below min                                      | 2 | 8    | 3    | 1    | -               | -               | 2
          min 0                                          | 0 | 10   | 1    | 0    | -               | -               | 0
          max below scale-up limit                       | 1 | 10   | 20   | 1000 | -               | -               | 10
          more than max                                  | 100 | 150 | 100 | 1000 | -              | -               | 150
          1 % scale-up limit: ceil(3 × 1.01) = 4          | 1 | 2000 | 3    | 1000 | 0,0,1,60,0      | -               | 4
          20 pods scale-down limit: 1000 − 20             | 3 | 2000 | 1000 | 3    | -               | 20,60,0,0,0     | 980
          default behaviour: max(2 × 10, 10 + 4) = 20     | 1 | 1000 | 10   | 50   | -               | -               | 20
          pods above percent: max(10 + 100, 2 × 10)       | 1 | 1000 | 10   | 500  | 100,60,100,60,0 | -               | 110
          percent above pods: max(10 + 2, 2 × 10)         | 1 | 1000 | 10   | 500  | 2,60,100,60,0   | -               | 20
          large pods policy: desired within               | 1 | 1000 | 10   | 50   | 100,60,0,0,0    | -               | 50
          large percent policy: desired within           | 1 | 1000 | 10   | 50   | 10000,60,0,0,0  | -               | 50
          30 pods: 10 + 30                               | 1 | 1000 | 10   | 50   | 30,60,0,0,0     | -               | 40
          200 %: 10 × 3                                  | 1 | 1000 | 10   | 50   | 0,0,200,60,0    | -               | 30
          down, percent above pods: min(100 − 20, 99)    | 1 | 1000 | 100  | 2    | -               | 20,60,1,60,300  | 80
          down, pods above percent: min(100 − 2, 99)     | 1 | 1000 | 100  | 2    | -               | 2,60,1,60,300   | 98
          down, large pods policy, min 1                 | 1 | 1000 | 10   | 0    | -               | 100,60,0,0,300  | 1
          down, large percent policy, min 5              | 5 | 1000 | 10   | 2    | -               | 0,0,100,60,300  | 5
          down, 5 pods: 10 − 5                           | 1 | 1000 | 10   | 2    | -               | 5,60,0,0,300    | 5
          down, 50 %: 10 × 0.5 = 5, desired 5 within     | 1 | 1000 | 10   | 5    | -               | 0,0,50,60,300   | 5
          """)
  void rateLimitsWithoutEarlierEvents(
      String name,
      int min,
      int max,
      int current,
      int prenormalized,
      String up,
      String down,
      int expected) {
    assertThat(
            desired(
                parse(up),
                parse(down),
                min,
                max,
                current,
                prenormalized,
                AutoscalerState.initial()))
        .as(name)
        .isEqualTo(expected);
  }

  /**
   * {@code TestScalingWithRules}, the cases with scale-up events {1, 5, 9} spread over the last 120
   * s (at −100 s, −60 s, −20 s).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # name | max | up rules | expected
          max below 100 − 9 + 300 (60 s period sees only the 9)           | 200  | 300,60,0,0,0   | 200
          max below a 10000 % policy                                      | 200  | 0,0,10000,60,0 | 200
          5 pods per 120 s after 15 added: 100 − 15 + 5 < 100, so hold     | 1000 | 5,120,0,0,0    | 100
          150 pods per 120 s: 100 − 15 + 150                              | 1000 | 150,120,0,0,0  | 235
          150 pods per 60 s: 100 − 9 + 150 (derived: −60 s is outside)      | 1000 | 150,60,0,0,0   | 241
          """)
  void rateLimitsCountTheEventsInsideEachPeriod(String name, int max, String up, int expected) {
    assertThat(desired(parse(up), null, 1, max, 100, 500, scaleUpEvents(1, 5, 9)))
        .as(name)
        .isEqualTo(expected);
  }

  /**
   * {@code getReplicasChangePerPeriod}: an event counts only when strictly after now − period. An
   * event of +10 exactly 60 s ago is outside a 60 s period; 1 ms later it is inside.
   */
  @Test
  void anEventExactlyOnePeriodOldNoLongerCounts() {
    ScalingRules tenPodsPerMinute = rules(10, 60, 0, 0, 0);
    AutoscalerState atTheEdge =
        AutoscalerState.initial()
            .next(new ScaleEvent(NOW.minusSeconds(60), 10), Map.of(), NOW, Instant.MIN);
    AutoscalerState justInside =
        AutoscalerState.initial()
            .next(
                new ScaleEvent(NOW.minusSeconds(60).plusMillis(1), 10), Map.of(), NOW, Instant.MIN);

    // 20 now, 10 of them added in the period: the period began at 10, so 10 + 10 = 20 at most.
    assertThat(desired(tenPodsPerMinute, null, 1, 100, 20, 40, justInside)).isEqualTo(20);
    // The event is outside: the period began at 20, so 20 + 10 = 30.
    assertThat(desired(tenPodsPerMinute, null, 1, 100, 20, 40, atTheEdge)).isEqualTo(30);
  }

  /**
   * The same rule for scale-in: removals inside the period raise its starting point, so the
   * scale-in allowed now shrinks ({@code scaleDownLimit = replicas at period start − value}).
   */
  @Test
  void removalsInsideThePeriodUseUpTheScaleInAllowance() {
    ScalingRules fivePodsPerMinute = rules(5, 60, 0, 0, 0);
    AutoscalerState removedThree =
        AutoscalerState.initial()
            .next(new ScaleEvent(NOW.minusSeconds(30), -3), Map.of(), NOW, Instant.MIN);
    AutoscalerState removedThreeLongAgo =
        AutoscalerState.initial()
            .next(new ScaleEvent(NOW.minusSeconds(60), -3), Map.of(), NOW, Instant.MIN);

    // 20 now after removing 3 within the minute: the period began at 23, 23 − 5 = 18.
    assertThat(desired(null, fivePodsPerMinute, 1, 100, 20, 2, removedThree)).isEqualTo(18);
    assertThat(desired(null, fivePodsPerMinute, 1, 100, 20, 2, removedThreeLongAgo)).isEqualTo(15);
  }

  /**
   * {@code stabilizeRecommendationWithBehaviors}: a recommendation made exactly one window ago is
   * outside the window ({@code timestamp.After(cutoff)}); 1 ms younger, it holds the scale-in.
   */
  @Test
  void aRecommendationExactlyOneWindowOldNoLongerHoldsAScaleIn() {
    ScalingRules down = rules(100, 15, 0, 0, 300);
    AutoscalerState edge = recommended(NOW.minusSeconds(300), 10);
    AutoscalerState inside = recommended(NOW.minusSeconds(300).plusMillis(1), 10);

    assertThat(desired(null, down, 1, 100, 10, 2, edge)).isEqualTo(2);
    assertThat(desired(null, down, 1, 100, 10, 2, inside)).isEqualTo(10);
  }

  /** The same edge for the scale-out window: the lowest recommendation inside it wins. */
  @Test
  void aRecommendationExactlyOneWindowOldNoLongerHoldsAScaleOut() {
    ScalingRules up = rules(100, 15, 0, 0, 60);
    AutoscalerState edge = recommended(NOW.minusSeconds(60), 4);
    AutoscalerState inside = recommended(NOW.minusSeconds(60).plusMillis(1), 4);

    assertThat(desired(up, null, 1, 100, 4, 8, edge)).isEqualTo(8);
    assertThat(desired(up, null, 1, 100, 4, 8, inside)).isEqualTo(4);
  }

  /**
   * {@code TestNormalizeDesiredReplicas} (legacy, 5 min window): "stabilize" — 4 and 5 made 2 and 1
   * minutes ago hold a recommendation of 3 at 5; "no stabilize" — 1 and 2 do not; "old
   * recommendations" — 10 and 9 made 10 and 9 minutes ago are ignored, 4 and 5 within the window
   * hold 3 at 5. And the edge of {@code stabilizeRecommendation}: a recommendation exactly 300 s
   * old is not before the cutoff, so it still counts; 1 ms older it does not.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # name | recommendations (capacity@seconds ago) | expected
          stabilize                        | 4@120 5@60              | 5
          no stabilize                     | 1@120 2@60              | 3
          no stabilize, old ones           | 10@600 9@540            | 3
          stabilize, old ones ignored      | 10@600 4@60 5@120 9@540 | 5
          exactly 300 s old still counts   | 7@300                   | 7
          just over 300 s old does not     | 7@300.001               | 3
          """)
  void legacyStabilisation(String name, String recommendations, int expected) {
    AutoscalerState state = AutoscalerState.initial();
    for (String r : recommendations.trim().split("\\s+", -1)) {
      String[] parts = r.split("@", -1);
      long millisAgo = Math.round(Double.parseDouble(parts[1]) * 1000);
      Instant at = NOW.minusMillis(millisAgo);
      state = state.next(null, Map.of("hpa", Integer.parseInt(parts[0])), at, Instant.MIN);
    }
    TargetTrackingPolicy legacy =
        TargetTrackingPolicy.builder("hpa").target("m", 100).legacyBehavior().build();
    Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(1, 100)).policy(legacy).build();
    // 10 replicas at 30 %: ceil(10 × 0.3) = 3 before stabilisation.
    int desired =
        autoscaler
            .decide(ScalingInput.of(NOW, 10, "m", Metric.average(30, 10)), state)
            .desiredCapacity();
    assertThat(desired).as(name).isEqualTo(expected);
  }

  /**
   * {@code replica_calculator.go}: {@code if math.Abs(1.0-usageRatio) <= tolerance} returns the
   * current count, so a ratio exactly at 1 ± 0.1 is inside. Target 50 % on 20 replicas: 55 / 50 =
   * 1.1 and 45 / 50 = 0.9 hold 20; 56 / 50 = 1.12 gives ceil(20 × 1.12) = ceil(22.4) = 23 and 44 /
   * 50 = 0.88 gives ceil(17.6) = 18. (On 20 replicas the edges are visible: treating 1.1 as outside
   * would give 22, and 0.9 would give 18.)
   */
  @ParameterizedTest(name = "{0} % on 20 replicas, target 50 % → {1}")
  @CsvSource({"55, 20", "45, 20", "56, 23", "44, 18"})
  void aRatioExactlyAtTheToleranceIsInside(double utilisation, int expected) {
    TargetTrackingPolicy policy =
        TargetTrackingPolicy.builder("hpa")
            .target("cpu", 50)
            .behavior(new ScalingBehavior(rules(100, 15, 0, 0, 0), rules(100, 15, 0, 0, 0)))
            .build();
    Recommendation r =
        policy.recommend(
            ScalingInput.of(NOW, 20, "cpu", Metric.average(utilisation, 20)),
            AutoscalerState.initial());
    assertThat(r.capacity()).hasValue(expected);
  }

  private static AutoscalerState recommended(Instant at, int capacity) {
    return AutoscalerState.initial().next(null, Map.of("hpa", capacity), at, Instant.MIN);
  }

  private static @Nullable ScalingRules parse(String spec) {
    if (spec.equals("-")) {
      return null;
    }
    String[] p = spec.split(",", -1);
    return rules(
        Integer.parseInt(p[0]),
        Integer.parseInt(p[1]),
        Integer.parseInt(p[2]),
        Integer.parseInt(p[3]),
        Integer.parseInt(p[4]));
  }
}
