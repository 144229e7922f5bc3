package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AWS step scaling at the edges of its intervals, from the upstream sources:
 *
 * <ul>
 *   <li>Amazon CloudWatch API reference, {@code PutMetricAlarm}, {@code ComparisonOperator}: {@code
 *       GreaterThanOrEqualToThreshold}, {@code GreaterThanThreshold}, {@code LessThanThreshold},
 *       {@code LessThanOrEqualToThreshold} — a value equal to the threshold breaches only the two
 *       "or equal" operators;
 *   <li>Amazon EC2 Auto Scaling API reference, {@code StepAdjustment}: above the breach threshold
 *       the lower bound is inclusive and the upper exclusive; below it the lower bound is exclusive
 *       and the upper inclusive;
 *   <li>EC2 Auto Scaling User Guide, "Step and simple scaling policies": a step adjustment of 0
 *       ("no change") and the instance warm-up, during which the capacity still warming counts
 *       toward the next scale-out.
 * </ul>
 */
class AwsStepBoundariesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static StepScalingPolicy alarm(
      Comparison comparison, double threshold, StepAdjustment s) {
    return StepScalingPolicy.builder("p", "cpu").alarm(comparison, threshold).step(s).build();
  }

  private static Recommendation at(StepScalingPolicy p, int current, double value) {
    return p.recommend(
        ScalingInput.of(T0, current, "cpu", Metric.average(value, current)),
        AutoscalerState.initial());
  }

  /** A value exactly at the threshold breaches ≥ and ≤ only; 0.001 past it breaches all four. */
  @ParameterizedTest(name = "{0} 50 at {1}: breached {2}")
  @CsvSource({
    "GREATER_THAN_OR_EQUAL, 50, true",
    "GREATER_THAN, 50, false",
    "GREATER_THAN, 50.001, true",
    "LESS_THAN_OR_EQUAL, 50, true",
    "LESS_THAN, 50, false",
    "LESS_THAN, 49.999, true"
  })
  void aValueAtTheThresholdBreachesOnlyTheOrEqualOperators(
      Comparison comparison, double value, boolean breached) {
    StepAdjustment oneStep =
        comparison.isUpper() ? StepAdjustment.from(0, 1) : StepAdjustment.upTo(0, -1);
    Recommendation r = at(alarm(comparison, 50, oneStep), 10, value);

    assertThat(r.capacity().isPresent()).isEqualTo(breached);
    if (!breached) {
      assertThat(r.constraints())
          .extracting(Constraint::limit)
          .containsExactly(Limit.ALARM_NOT_BREACHED);
    }
  }

  /** The explanation of an alarm that is not breached names the operator and both numbers. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          GREATER_THAN_OR_EQUAL | 49.5   | cpu 49.5 does not breach ≥ 50
          GREATER_THAN          | 50     | cpu 50 does not breach > 50
          LESS_THAN             | 50     | cpu 50 does not breach < 50
          LESS_THAN_OR_EQUAL    | 50.25  | cpu 50.25 does not breach ≤ 50
          GREATER_THAN          | 0.0004 | cpu 0 does not breach > 50
          """)
  void anUnbreachedAlarmSaysWhy(Comparison comparison, double value, String why) {
    StepAdjustment oneStep =
        comparison.isUpper() ? StepAdjustment.from(0, 1) : StepAdjustment.upTo(0, -1);
    Recommendation r = at(alarm(comparison, 50, oneStep), 10, value);

    assertThat(r.constraints()).extracting(Constraint::detail).containsExactly(why);
  }

  /** Large numbers are printed as numbers, never rounded into another value. */
  @Test
  void largeValuesAreExplainedExactly() {
    StepScalingPolicy p = alarm(Comparison.GREATER_THAN, 1e15, StepAdjustment.from(0, 1));
    assertThat(at(p, 1, 123456789).constraints())
        .extracting(Constraint::detail)
        .containsExactly("cpu 123456789 does not breach > 1.0E15");
  }

  /**
   * {@code StepAdjustment}: above the threshold a step [10, 20) holds threshold + 10 and not
   * threshold + 20; below it a step (−20, −10] holds threshold − 10 and not threshold − 20.
   * Threshold 50: 60 is in [10, 20) (+2), 70 in [20, ∞) (+3); 40 is in (−20, −10] (−2), 30 in (−∞,
   * −20] (−3).
   */
  @ParameterizedTest(name = "cpu {0} on 10 instances → {1}")
  @CsvSource({
    "50, 11",
    "59.999, 11",
    "60, 12",
    "69.999, 12",
    "70, 13",
    "50.001, 11",
  })
  void aboveTheThresholdTheLowerBoundIsInclusive(double value, int expected) {
    StepScalingPolicy out =
        StepScalingPolicy.builder("out", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(0, 10, 1))
            .step(StepAdjustment.between(10, 20, 2))
            .step(StepAdjustment.from(20, 3))
            .build();
    assertThat(at(out, 10, value).capacity()).hasValue(expected);
  }

  @ParameterizedTest(name = "cpu {0} on 10 instances → {1}")
  @CsvSource({"50, 9", "40.001, 9", "40, 8", "30.001, 8", "30, 7", "10, 7"})
  void belowTheThresholdTheUpperBoundIsInclusive(double value, int expected) {
    StepScalingPolicy in =
        StepScalingPolicy.builder("in", "cpu")
            .alarm(Comparison.LESS_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(-10, 0, -1))
            .step(StepAdjustment.between(-20, -10, -2))
            .step(StepAdjustment.upTo(-20, -3))
            .build();
    assertThat(at(in, 10, value).capacity()).hasValue(expected);
  }

  /**
   * The guide's 0 % step means "no change": during a warm-up it must not turn into a scale-in by
   * the warming capacity (the base of a scale-out is the settled capacity; a 0 step is no
   * scale-out).
   */
  @Test
  void aZeroStepDuringWarmUpChangesNothing() {
    StepScalingPolicy out =
        StepScalingPolicy.builder("out", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(0, 10, 0))
            .step(StepAdjustment.from(10, 2))
            .warmup(Duration.ofMinutes(5))
            .build();
    AutoscalerState warming = warmingState(2);

    Recommendation r =
        out.recommend(ScalingInput.of(T0, 12, "cpu", Metric.average(55, 12)), warming);

    assertThat(r.capacity()).hasValue(12);
    assertThat(r.constraints()).isEmpty();
  }

  /**
   * Warm-up explanations say what happened: a step that the warming capacity already answers says
   * so; a higher step says how many it adds on top; a first scale-out with nothing warming mentions
   * no warm-up at all.
   */
  @Test
  void warmUpExplanationsCountWhatTheyShould() {
    StepScalingPolicy out =
        StepScalingPolicy.builder("out", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(0, 20, 1))
            .step(StepAdjustment.from(20, 4))
            .warmup(Duration.ofMinutes(5))
            .build();

    Recommendation first =
        out.recommend(
            ScalingInput.of(T0, 10, "cpu", Metric.average(55, 10)), AutoscalerState.initial());
    assertThat(first.capacity()).hasValue(11);
    assertThat(first.constraints()).isEmpty();

    AutoscalerState oneWarming = warmingState(1);
    Recommendation same =
        out.recommend(ScalingInput.of(T0, 11, "cpu", Metric.average(55, 11)), oneWarming);
    assertThat(same.capacity()).hasValue(11);
    assertThat(same.constraints())
        .extracting(Constraint::detail)
        .containsExactly("1 warming instance(s) already answer step [0, 20) → 1.0 of cpu 55");

    Recommendation higher =
        out.recommend(ScalingInput.of(T0, 11, "cpu", Metric.average(75, 11)), oneWarming);
    assertThat(higher.capacity()).hasValue(14); // 10 settled + 4
    assertThat(higher.constraints())
        .extracting(Constraint::detail)
        .containsExactly(
            "1 warming instance(s) counted toward step [20, +∞) → 4.0 of cpu 75: adds 3");
  }

  /** An exact capacity equal to the current one is no scale-out, warming or not. */
  @Test
  void anExactCapacityEqualToTheCurrentOneIsNoScaleOut() {
    StepScalingPolicy exact =
        StepScalingPolicy.builder("exact", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .adjustmentType(AdjustmentType.EXACT_CAPACITY)
            .step(StepAdjustment.from(0, 12))
            .warmup(Duration.ofMinutes(5))
            .build();

    Recommendation r =
        exact.recommend(ScalingInput.of(T0, 12, "cpu", Metric.average(80, 12)), warmingState(2));

    assertThat(r.capacity()).hasValue(12);
    assertThat(r.constraints()).isEmpty();
  }

  /** What the builder refuses, each with the step and the rule it broke. */
  @Test
  void invalidTablesAreRefusedNamingTheStep() {
    assertThatThrownBy(
            () -> StepScalingPolicy.builder("p", "cpu").alarm(Comparison.GREATER_THAN, 1).build())
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage("p: at least one step is required");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("p", "cpu")
                    .alarm(Comparison.GREATER_THAN, 1)
                    .step(StepAdjustment.from(0, 1.5))
                    .build())
        .hasMessage("p: step 1 [0, +∞) → 1.5 needs a whole adjustment for CHANGE_IN_CAPACITY");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("p", "cpu")
                    .alarm(Comparison.GREATER_THAN, 1)
                    .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                    .step(StepAdjustment.from(0, -1))
                    .build())
        .hasMessage("p: step 1 sets a negative exact capacity");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("p", "cpu")
                    .alarm(Comparison.GREATER_THAN, 1)
                    .step(StepAdjustment.upTo(10, 1))
                    .build())
        .hasMessageContaining("step 1")
        .hasMessageContaining("is open toward the threshold");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("p", "cpu")
                    .alarm(Comparison.GREATER_THAN, 1)
                    .step(StepAdjustment.from(0, 1))
                    .step(StepAdjustment.from(10, 2))
                    .build())
        .hasMessageContaining("is open-ended but step")
        .hasMessageContaining("the steps overlap");
    // Exact capacities and percent changes accept what they should.
    StepScalingPolicy percent =
        StepScalingPolicy.builder("p", "cpu")
            .alarm(Comparison.GREATER_THAN, 1)
            .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
            .step(StepAdjustment.from(0, 12.5))
            .minAdjustmentMagnitude(2)
            .build();
    assertThat(at(percent, 8, 5).capacity()).hasValue(10); // 12.5 % of 8 = 1, raised to 2
  }

  private static AutoscalerState warmingState(int added) {
    return AutoscalerState.initial()
        .next(new ScaleEvent(T0.minusSeconds(60), added), Map.of(), T0, Instant.MIN);
  }
}
