package dev.groundwork.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Properties every decision has, whatever the policies and inputs. A failure shrinks to the
 * simplest settings and inputs that still fail and prints the seed that reproduces it ({@code
 * -DQT_SEED=...}).
 */
class AutoscalerPropertiesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * The settings of a three-policy autoscaler: two target trackers and a step policy. A record of
   * numbers rather than the autoscaler itself, so that a counterexample prints what it was made of.
   */
  record Setup(
      int min, int span, double cpuTarget, double queueTarget, double tolerance, int step) {

    int max() {
      return min + span;
    }

    Autoscaler autoscaler() {
      return Autoscaler.builder(new CapacityLimits(min, max()))
          .policy(
              TargetTrackingPolicy.builder("cpu")
                  .target("cpu", cpuTarget)
                  .tolerance(tolerance)
                  .build())
          .policy(TargetTrackingPolicy.builder("backlog").target("queue", queueTarget).build())
          .policy(
              StepScalingPolicy.builder("cpu-alarm", "cpu")
                  .alarm(Comparison.GREATER_THAN_OR_EQUAL, 90)
                  .step(StepAdjustment.between(0, 5, step))
                  .step(StepAdjustment.from(5, step * 2))
                  .warmup(Duration.ofSeconds(60))
                  .build())
          .build();
    }
  }

  /** Bounds, targets and the step size; the two targets and the tolerance come as one triple. */
  private static Gen<Setup> setups() {
    Gen<double[]> targetsAndTolerance =
        doubles()
            .between(5, 200)
            .zip(
                doubles().between(5, 200),
                doubles().between(0, 0.5),
                (cpu, queue, tolerance) -> new double[] {cpu, queue, tolerance});
    return integers()
        .between(0, 20)
        .zip(
            integers().between(0, 80),
            targetsAndTolerance,
            integers().between(1, 5),
            (min, span, t, step) -> new Setup(min, span, t[0], t[1], t[2], step));
  }

  /** The inputs of one evaluation: current capacity, CPU and queue depth. */
  record Load(int current, double cpu, double queue) {}

  private static Gen<Load> loads(int minCurrent) {
    return integers()
        .between(minCurrent, 200)
        .zip(doubles().between(0, 1000), doubles().between(0, 100000), Load::new);
  }

  private static ScalingInput input(int current, double cpu, double queue) {
    return new ScalingInput(
        T0,
        current,
        Map.of("cpu", Metric.average(cpu, Math.max(1, current)), "queue", Metric.total(queue)));
  }

  @Test
  void theDecisionIsAlwaysWithinMinAndMax() {
    qt().withExamples(300)
        .forAll(setups(), loads(0))
        .checkAssert(
            (setup, load) -> {
              Decision d =
                  setup
                      .autoscaler()
                      .decide(
                          input(load.current(), load.cpu(), load.queue()),
                          AutoscalerState.initial());

              assertThat(d.desiredCapacity()).isBetween(setup.min(), setup.max());
            });
  }

  @Test
  void aHigherMetricNeverGivesALowerCapacity() {
    qt().withExamples(300)
        .forAll(setups(), loads(1), doubles().between(0, 500))
        .checkAssert(
            (setup, load, more) -> {
              Autoscaler autoscaler = setup.autoscaler();
              AutoscalerState state = AutoscalerState.initial();
              int current = load.current();
              int lower =
                  autoscaler
                      .decide(input(current, load.cpu(), load.queue()), state)
                      .desiredCapacity();
              int higherCpu =
                  autoscaler
                      .decide(input(current, load.cpu() + more, load.queue()), state)
                      .desiredCapacity();
              int higherQueue =
                  autoscaler
                      .decide(input(current, load.cpu(), load.queue() + more * 100), state)
                      .desiredCapacity();

              assertThat(higherCpu).isGreaterThanOrEqualTo(lower);
              assertThat(higherQueue).isGreaterThanOrEqualTo(lower);
            });
  }

  @Test
  void aConstantLoadInsideTheToleranceNeverActs() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 100), doubles().between(1, 500), doubles().between(-0.09, 0.09))
        .checkAssert(
            (current, target, offset) -> {
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
            });
  }

  @Test
  void replayingTheSameInputAndStateGivesTheSameDecision() {
    qt().withExamples(200)
        .forAll(setups(), loads(0), integers().between(1, 20))
        .checkAssert(
            (setup, load, rounds) -> {
              Autoscaler autoscaler = setup.autoscaler();
              AutoscalerState state = AutoscalerState.initial();
              int capacity = load.current();
              for (int i = 0; i < rounds; i++) {
                ScalingInput in = input(capacity, load.cpu() * (1 + 0.1 * (i % 3)), load.queue());
                ScalingInput at =
                    new ScalingInput(T0.plusSeconds(20L * i), in.currentCapacity(), in.metrics());
                Decision first = autoscaler.decide(at, state);
                Decision again = autoscaler.decide(at, state);
                assertThat(again).isEqualTo(first);
                state = first.state();
                capacity = first.desiredCapacity();
              }
            });
  }
}
