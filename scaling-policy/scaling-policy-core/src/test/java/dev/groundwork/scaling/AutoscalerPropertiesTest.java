package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties every decision has, whatever the policies and inputs. */
class AutoscalerPropertiesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A three-policy autoscaler: two target trackers and a step policy, with random settings. */
  record Setup(Autoscaler autoscaler, int min, int max) {}

  @Provide
  Arbitrary<Setup> setups() {
    Arbitrary<Integer> mins = Arbitraries.integers().between(0, 20);
    Arbitrary<Integer> spans = Arbitraries.integers().between(0, 80);
    Arbitrary<Double> targets = Arbitraries.doubles().between(5, 200);
    Arbitrary<Double> tolerances = Arbitraries.doubles().between(0, 0.5);
    Arbitrary<Integer> steps = Arbitraries.integers().between(1, 5);
    return Combinators.combine(mins, spans, targets, targets, tolerances, steps)
        .as(
            (min, span, cpuTarget, queueTarget, tolerance, step) -> {
              Autoscaler a =
                  Autoscaler.builder(new CapacityLimits(min, min + span))
                      .policy(
                          TargetTrackingPolicy.builder("cpu")
                              .target("cpu", cpuTarget)
                              .tolerance(tolerance)
                              .build())
                      .policy(
                          TargetTrackingPolicy.builder("backlog")
                              .target("queue", queueTarget)
                              .build())
                      .policy(
                          StepScalingPolicy.builder("cpu-alarm", "cpu")
                              .alarm(Comparison.GREATER_THAN_OR_EQUAL, 90)
                              .step(StepAdjustment.between(0, 5, step))
                              .step(StepAdjustment.from(5, step * 2))
                              .warmup(Duration.ofSeconds(60))
                              .build())
                      .build();
              return new Setup(a, min, min + span);
            });
  }

  private static ScalingInput input(int current, double cpu, double queue) {
    return new ScalingInput(
        T0,
        current,
        Map.of("cpu", Metric.average(cpu, Math.max(1, current)), "queue", Metric.total(queue)));
  }

  @Property(tries = 300)
  void theDecisionIsAlwaysWithinMinAndMax(
      @ForAll("setups") Setup setup,
      @ForAll @IntRange(min = 0, max = 200) int current,
      @ForAll @DoubleRange(min = 0, max = 1000) double cpu,
      @ForAll @DoubleRange(min = 0, max = 100000) double queue) {
    Decision d = setup.autoscaler().decide(input(current, cpu, queue), AutoscalerState.initial());

    assertThat(d.desiredCapacity()).isBetween(setup.min(), setup.max());
  }

  @Property(tries = 300)
  void aHigherMetricNeverGivesALowerCapacity(
      @ForAll("setups") Setup setup,
      @ForAll @IntRange(min = 1, max = 200) int current,
      @ForAll @DoubleRange(min = 0, max = 1000) double cpu,
      @ForAll @DoubleRange(min = 0, max = 500) double more,
      @ForAll @DoubleRange(min = 0, max = 100000) double queue) {
    AutoscalerState state = AutoscalerState.initial();
    int lower = setup.autoscaler().decide(input(current, cpu, queue), state).desiredCapacity();
    int higherCpu =
        setup.autoscaler().decide(input(current, cpu + more, queue), state).desiredCapacity();
    int higherQueue =
        setup.autoscaler().decide(input(current, cpu, queue + more * 100), state).desiredCapacity();

    assertThat(higherCpu).isGreaterThanOrEqualTo(lower);
    assertThat(higherQueue).isGreaterThanOrEqualTo(lower);
  }

  @Property(tries = 200)
  void aConstantLoadInsideTheToleranceNeverActs(
      @ForAll @IntRange(min = 1, max = 100) int current,
      @ForAll @DoubleRange(min = 1, max = 500) double target,
      @ForAll @DoubleRange(min = -0.09, max = 0.09) double offset) {
    Autoscaler a =
        Autoscaler.builder(new CapacityLimits(0, 1000))
            .policy(TargetTrackingPolicy.builder("cpu").target("cpu", target).build())
            .build();
    AutoscalerState state = AutoscalerState.initial();
    for (int i = 0; i < 30; i++) {
      Decision d =
          a.decide(
              ScalingInput.of(
                  T0.plusSeconds(15L * i),
                  current,
                  "cpu",
                  Metric.average(target * (1 + offset), current)),
              state);
      assertThat(d.isChange()).as(d.explain()).isFalse();
      state = d.state();
    }
  }

  @Property(tries = 200)
  void replayingTheSameInputAndStateGivesTheSameDecision(
      @ForAll("setups") Setup setup,
      @ForAll @IntRange(min = 0, max = 200) int current,
      @ForAll @DoubleRange(min = 0, max = 1000) double cpu,
      @ForAll @DoubleRange(min = 0, max = 100000) double queue,
      @ForAll @IntRange(min = 1, max = 20) int rounds) {
    AutoscalerState state = AutoscalerState.initial();
    int capacity = current;
    for (int i = 0; i < rounds; i++) {
      ScalingInput in = input(capacity, cpu * (1 + 0.1 * (i % 3)), queue);
      ScalingInput at =
          new ScalingInput(T0.plusSeconds(20L * i), in.currentCapacity(), in.metrics());
      Decision first = setup.autoscaler().decide(at, state);
      Decision again = setup.autoscaler().decide(at, state);
      assertThat(again).isEqualTo(first);
      state = first.state();
      capacity = first.desiredCapacity();
    }
  }
}
