package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.scaling.AdjustmentType;
import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.Comparison;
import dev.groundwork.scaling.StepAdjustment;
import dev.groundwork.scaling.StepScalingPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A run whose every figure is worked out by hand.
 *
 * <p>Demand steps from 100 to 300 requests per second at 600 s of a 1200 s trace, one second per
 * step. Each instance serves 200 requests per second and takes 120 s to start; the run starts with
 * one. The autoscaler runs every 60 s on the previous minute's average CPU; its one step policy
 * sets 3 instances when CPU is at or above 90 %.
 *
 * <ul>
 *   <li>600–659 s: 300 rps on 200 of capacity, CPU 100 %. At 660 s the policy sees it and asks for
 *       3; two instances start and are ready at 780 s.
 *   <li>Over capacity from 600 to 780 s: 180 s, and 100 rps × 180 s = 18,000 requests.
 *   <li>Cost: 1 instance for 660 s, then 3 for 540 s: 2,280 instance-seconds = 0.6333 h.
 *   <li>Over-provisioned: from 780 s, 3 ready where ceil(300 / 200) = 2 are needed: 420 s.
 *   <li>Latency: the 54,000 requests of 600–780 s (22.5 %) count at the 10 s timeout, so p95 and
 *       p99 are 10 s; the median is the 5 ms service time (most requests do not wait).
 * </ul>
 */
class HandComputedRunTest {

  private static final LoadTrace TRACE =
      LoadTrace.step(
          Duration.ofSeconds(1200), Duration.ofSeconds(1), 100, 300, Duration.ofSeconds(600));

  /** Sets 3 instances when the minute's average CPU is at or above 90 %. */
  private static Autoscaler exactlyThreeWhenSaturated() {
    return Autoscaler.builder(new CapacityLimits(1, 10))
        .policy(
            StepScalingPolicy.builder("saturated", "cpu")
                .alarm(Comparison.GREATER_THAN_OR_EQUAL, 90)
                .adjustmentType(AdjustmentType.EXACT_CAPACITY)
                .step(StepAdjustment.from(0, 3))
                .build())
        .build();
  }

  @Test
  void aStepFrom100To300NumberByNumber() {
    CapacityModel model =
        CapacityModel.defaults()
            .withPerInstance(200)
            .withStartupDelay(Duration.ofMinutes(2))
            .withEvaluationPeriod(Duration.ofSeconds(60))
            .withInitialInstances(1);

    SimulationResult result = new Simulator(model).run(TRACE, exactlyThreeWhenSaturated(), "step");
    SimulationReport r = result.report();

    assertThat(result.actions()).hasSize(1);
    SimulationResult.Action action = result.actions().get(0);
    assertThat(action.index()).isEqualTo(660);
    assertThat(action.from()).isEqualTo(1);
    assertThat(action.to()).isEqualTo(3);
    assertThat(result.capacity(779)).isEqualTo(200);
    assertThat(result.capacity(780)).isEqualTo(600);

    assertThat(r.samples()).isEqualTo(1200);
    assertThat(r.totalRequests()).isEqualTo(240_000);
    assertThat(r.sloViolationTime()).isEqualTo(Duration.ofMinutes(3));
    assertThat(r.requestsOverCapacity()).isEqualTo(18_000);
    assertThat(r.capacityHours()).isCloseTo(2280 / 3600.0, within(1e-9));
    assertThat(r.overProvisionedHours()).isCloseTo(420 / 3600.0, within(1e-9));
    assertThat(r.scalingActions()).isEqualTo(1);
    assertThat(r.reversals()).isZero();
    assertThat(r.peakInstances()).isEqualTo(3);
    assertThat(r.p99()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.p95()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.p50().toNanos() / 1e6).isCloseTo(5.0, within(0.01));
  }

  @Test
  void erlangCMatchesTheTextbook() {
    // M/M/1: the probability of waiting is the utilisation.
    assertThat(LatencyModel.erlangC(1, 0.5)).isCloseTo(0.5, within(1e-12));
    // c = 2, a = 1: C = 1/3.
    assertThat(LatencyModel.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void aWarmPoolShortensTheColdStart() {
    CapacityModel model =
        CapacityModel.defaults()
            .withPerInstance(200)
            .withInitialInstances(1)
            .withWarmPool(2, Duration.ofSeconds(10));

    SimulationReport r =
        new Simulator(model).run(TRACE, exactlyThreeWhenSaturated(), "warm").report();

    // The two new instances come from the pool: ready at 670 s instead of 780 s.
    assertThat(r.sloViolationTime()).isEqualTo(Duration.ofSeconds(70));
    assertThat(r.requestsOverCapacity()).isEqualTo(7_000);
  }
}
