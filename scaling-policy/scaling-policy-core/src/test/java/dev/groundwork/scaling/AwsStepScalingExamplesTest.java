package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worked examples of the AWS documentation, reproduced. Source: Amazon EC2 Auto Scaling User
 * Guide, "Step and simple scaling policies", sections "Step adjustments for step scaling" and
 * "Scaling adjustment types"
 * (docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html).
 */
class AwsStepScalingExamplesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WARMUP = Duration.ofMinutes(5);

  /** The guide's pair of policies around a 50 % threshold, with percent adjustments. */
  private static Autoscaler guideExample() {
    StepScalingPolicy out =
        StepScalingPolicy.builder("scale-out", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
            .step(StepAdjustment.between(0, 10, 0))
            .step(StepAdjustment.between(10, 20, 10))
            .step(StepAdjustment.from(20, 30))
            .warmup(WARMUP)
            .build();
    StepScalingPolicy in =
        StepScalingPolicy.builder("scale-in", "cpu")
            .alarm(Comparison.LESS_THAN_OR_EQUAL, 50)
            .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
            .step(StepAdjustment.between(-10, 0, 0))
            .step(StepAdjustment.between(-20, -10, -10))
            .step(StepAdjustment.upTo(-20, -30))
            .build();
    return Autoscaler.builder(new CapacityLimits(1, 100)).policy(out).policy(in).build();
  }

  @Test
  void theGuidesWalkThroughFromTenInstances() {
    Autoscaler autoscaler = guideExample();
    AutoscalerState state = AutoscalerState.initial();

    // "If the metric value gets to 60, ... increases the desired capacity by 1 instance, to 11"
    Decision d1 = autoscaler.decide(ScalingInput.of(T0, 10, "cpu", Metric.average(60, 10)), state);
    assertThat(d1.desiredCapacity()).isEqualTo(11);

    // after the warm-up, "if the metric value gets to 70, ... by 3 instances, to 14" (30 % of 11)
    Instant t2 = T0.plus(WARMUP).plusSeconds(1);
    Decision d2 =
        autoscaler.decide(ScalingInput.of(t2, 11, "cpu", Metric.average(70, 11)), d1.state());
    assertThat(d2.desiredCapacity()).isEqualTo(14);

    // "if the metric value gets to 40, ... decreases by 1 instance, to 13" (10 % of 14 = 1.4)
    Instant t3 = t2.plus(WARMUP).plusSeconds(1);
    Decision d3 =
        autoscaler.decide(ScalingInput.of(t3, 14, "cpu", Metric.average(40, 14)), d2.state());
    assertThat(d3.desiredCapacity()).isEqualTo(13);

    // "if the metric value gets to 30, ... decreases by 3 instances, to 10" (30 % of 13 = 3.9)
    Decision d4 =
        autoscaler.decide(
            ScalingInput.of(t3.plusSeconds(60), 13, "cpu", Metric.average(30, 13)), d3.state());
    assertThat(d4.desiredCapacity()).isEqualTo(10);
  }

  @Test
  void betweenTheAlarmsNothingHappens() {
    Decision d =
        guideExample()
            .decide(
                ScalingInput.of(T0, 10, "cpu", Metric.average(55, 10)), AutoscalerState.initial());

    assertThat(d.desiredCapacity()).isEqualTo(10);
    assertThat(d.recommendations().get(0).capacity()).hasValue(10); // the 0 % step
    assertThat(d.recommendations().get(1).capacity()).isEmpty(); // scale-in alarm not breached
  }

  /** "Scaling adjustment types": how percent changes are rounded. */
  @ParameterizedTest(name = "{1} % of {0} → {2}")
  @CsvSource({
    "100, 12.7, 12", // "values greater than 1 are rounded down. For example, 12.7 is rounded to 12"
    "100, 0.67, 1", // "values between 0 and 1 are rounded to 1. For example, .67 is rounded to 1"
    "100, -0.67, -1", // "values between 0 and -1 are rounded to -1"
    "100, -6.67, -6", // "values less than -1 are rounded up. For example, -6.67 is rounded to -6"
    "10, 0, 0"
  })
  void percentChangesAreRoundedAsTheGuideSays(int base, double percent, int change) {
    assertThat(StepScalingPolicy.percentChange(base, percent, 0)).isEqualTo(change);
  }

  @Test
  void theMinimumAdjustmentMagnitudeRaisesSmallPercentChanges() {
    // 10 % of 4 instances is 0.4, rounded to 1; a minimum magnitude of 2 makes it 2.
    assertThat(StepScalingPolicy.percentChange(4, 10, 2)).isEqualTo(2);
    assertThat(StepScalingPolicy.percentChange(4, -10, 2)).isEqualTo(-2);
    assertThat(StepScalingPolicy.percentChange(100, 10, 2)).isEqualTo(10);
  }

  private static StepScalingPolicy twoSteps() {
    return StepScalingPolicy.builder("out", "cpu")
        .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
        .step(StepAdjustment.between(0, 20, 1))
        .step(StepAdjustment.from(20, 3))
        .warmup(WARMUP)
        .build();
  }

  @Test
  void warmingCapacityCountsTowardTheNextScaleOut() {
    Autoscaler autoscaler =
        Autoscaler.builder(new CapacityLimits(1, 100)).policy(twoSteps()).build();
    Decision first =
        autoscaler.decide(
            ScalingInput.of(T0, 10, "cpu", Metric.average(55, 10)), AutoscalerState.initial());
    assertThat(first.desiredCapacity()).isEqualTo(11);

    // The same step again during warm-up: the warming instance already answers it.
    Decision same =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(60), 11, "cpu", Metric.average(58, 10)), first.state());
    assertThat(same.desiredCapacity()).isEqualTo(11);
    assertThat(same.wasLimitedBy(Limit.WARM_UP)).isTrue();

    // A higher step during warm-up adds only the difference: 10 settled + 3 = 13, not 11 + 3.
    Decision higher =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(120), 11, "cpu", Metric.average(75, 10)), same.state());
    assertThat(higher.desiredCapacity()).isEqualTo(13);

    // After the warm-up the same step adds again.
    Decision later =
        autoscaler.decide(
            ScalingInput.of(
                T0.plusSeconds(120).plus(WARMUP).plusSeconds(1), 13, "cpu", Metric.average(58, 13)),
            higher.state());
    assertThat(later.desiredCapacity()).isEqualTo(14);
  }

  @Test
  void aScaleInCooldownHoldsTheNextScaleIn() {
    StepScalingPolicy in =
        StepScalingPolicy.builder("in", "cpu")
            .alarm(Comparison.LESS_THAN, 30)
            .step(StepAdjustment.upTo(0, -1))
            .scaleInCooldown(Duration.ofMinutes(5))
            .build();
    Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(1, 100)).policy(in).build();

    Decision first =
        autoscaler.decide(
            ScalingInput.of(T0, 10, "cpu", Metric.average(10, 10)), AutoscalerState.initial());
    Decision held =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(299), 9, "cpu", Metric.average(10, 9)), first.state());
    Decision after =
        autoscaler.decide(
            ScalingInput.of(T0.plusSeconds(300), 9, "cpu", Metric.average(10, 9)), held.state());

    assertThat(first.desiredCapacity()).isEqualTo(9);
    assertThat(held.desiredCapacity()).isEqualTo(9);
    assertThat(held.explain()).contains("held by the 300 s scale-in cooldown");
    assertThat(after.desiredCapacity()).isEqualTo(8);
  }

  @Test
  void exactCapacitySetsTheCapacity() {
    StepScalingPolicy exact =
        StepScalingPolicy.builder("exact", "queue")
            .alarm(Comparison.GREATER_THAN, 1000)
            .adjustmentType(AdjustmentType.EXACT_CAPACITY)
            .step(StepAdjustment.from(0, 25))
            .build();

    assertThat(
            exact
                .recommend(
                    ScalingInput.of(T0, 5, "queue", Metric.total(5000)), AutoscalerState.initial())
                .capacity())
        .hasValue(25);
  }

  @Test
  void aBadStepTableIsRefusedNamingTheSteps() {
    StepScalingPolicy.Builder gap =
        StepScalingPolicy.builder("p", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(0, 10, 1))
            .step(StepAdjustment.from(20, 2));
    assertThatThrownBy(gap::build)
        .isInstanceOf(ScalingPolicyException.class)
        .hasMessage(
            "p: steps 1 [0, 10) and 2 [20, +∞) leave a gap; each step must start where the previous one ends");

    StepScalingPolicy.Builder overlap =
        StepScalingPolicy.builder("p", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.from(5, 2))
            .step(StepAdjustment.between(0, 10, 1));
    assertThatThrownBy(overlap::build)
        .hasMessageContaining("steps 2 [0, 10) and 1 [5, +∞) overlap");

    StepScalingPolicy.Builder closed =
        StepScalingPolicy.builder("p", "cpu")
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
            .step(StepAdjustment.between(0, 10, 1));
    assertThatThrownBy(closed::build)
        .hasMessageContaining("the last step 1 [0, 10) must be open-ended");

    StepScalingPolicy.Builder notFromThreshold =
        StepScalingPolicy.builder("p", "cpu")
            .alarm(Comparison.LESS_THAN, 50)
            .step(StepAdjustment.upTo(-5, -1));
    assertThatThrownBy(notFromThreshold::build).hasMessageContaining("first step must start at 0");

    assertThatThrownBy(() -> StepAdjustment.between(10, 10, 1))
        .hasMessageContaining("lower bound not below its upper bound");
    assertThatThrownBy(
            () ->
                StepScalingPolicy.builder("p", "cpu")
                    .alarm(Comparison.GREATER_THAN, 1)
                    .step(StepAdjustment.from(0, 1))
                    .minAdjustmentMagnitude(2)
                    .build())
        .hasMessageContaining("minAdjustmentMagnitude applies only to PERCENT_CHANGE_IN_CAPACITY");
    assertThatThrownBy(
            () -> StepScalingPolicy.builder("p", "cpu").step(StepAdjustment.from(0, 1)).build())
        .hasMessageContaining("alarm(comparison, threshold) is required");
  }

  @Test
  void aMissingMetricIsInsufficientDataNotZero() {
    Recommendation r =
        guideExample()
            .policies()
            .get(1)
            .recommend(new ScalingInput(T0, 10, java.util.Map.of()), AutoscalerState.initial());

    assertThat(r.capacity()).isEmpty();
    assertThat(r.constraints()).extracting(Constraint::limit).containsExactly(Limit.MISSING_METRIC);
  }
}
