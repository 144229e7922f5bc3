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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Short runs worked out by hand, sample by sample, with a step of 2 s (so that every quantity that
 * is a rate times the step shows whether it was multiplied), scale-outs and scale-ins, a warm pool
 * that must refill before it can be used again, and the backlog the queue metric reports.
 *
 * <p>The autoscaler's policies set an exact capacity from one metric, in bands, so the capacity
 * each decision chose tells which band the metric was in. With 100 requests per second per
 * instance:
 *
 * <ul>
 *   <li>{@code rps}: below 150 → 1, below 250 → 2, below 350 → 3, from 350 → 4;
 *   <li>{@code queue}: below 500 requests → 1, from 500 → 2.
 * </ul>
 */
class SimulatorArithmeticTest {

  private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

  private static Autoscaler bands(String metric, double... upperBoundsThenOpen) {
    StepScalingPolicy.Builder b =
        StepScalingPolicy.builder("bands", metric)
            .alarm(Comparison.GREATER_THAN_OR_EQUAL, 0)
            .adjustmentType(AdjustmentType.EXACT_CAPACITY);
    double lower = 0;
    for (int k = 0; k < upperBoundsThenOpen.length; k++) {
      b.step(StepAdjustment.between(lower, upperBoundsThenOpen[k], k + 1));
      lower = upperBoundsThenOpen[k];
    }
    b.step(StepAdjustment.from(lower, upperBoundsThenOpen.length + 1));
    return Autoscaler.builder(new CapacityLimits(1, 10)).policy(b.build()).build();
  }

  /** 100 requests per second per instance, no warm pool. */
  private static CapacityModel model(Duration startup, Duration period, int initialInstances) {
    return CapacityModel.defaults()
        .withPerInstance(100)
        .withStartupDelay(startup)
        .withEvaluationPeriod(period)
        .withInitialInstances(initialInstances);
  }

  private static double[] capacities(SimulationResult r) {
    return IntStream.range(0, r.size()).mapToDouble(r::capacity).toArray();
  }

  private static int[] desired(SimulationResult r) {
    return IntStream.range(0, r.size()).map(r::desired).toArray();
  }

  /**
   * One instance to start, 4 s to start another, decisions every 4 s (two samples) on the average
   * rps of the two samples before. Demand 100, 100, then 300 for four samples, then 100.
   *
   * <ul>
   *   <li>t = 4 s: rps 100 → 1, no change. t = 8 s: rps 300 → 3: two start, ready at 12 s. t = 12
   *       s: rps 300 → 3, no change. t = 16 s: rps 100 → 1: two stop.
   *   <li>Over capacity at t = 4 to 12 s (four samples of 300 on 100): 200 × 2 s × 4 = 1,600
   *       requests, 8 s. Requests: 2 s × (2 × 100 + 4 × 300 + 4 × 100) = 3,600.
   *   <li>Instance-seconds: 2 s × (1 + 1 + 1 + 1 + 3 + 3 + 3 + 3 + 1 + 1) = 36. Over-provisioned:
   *       at t = 12 and 14 s three ready where one is needed: 2 × 2 × 2 s = 8 s.
   *   <li>Two actions, +2 then −2: one reversal. Peak 3.
   * </ul>
   */
  @Test
  void aScaleOutAndBackInNumberByNumber() {
    CapacityModel model = model(Duration.ofSeconds(4), Duration.ofSeconds(4), 1);
    LoadTrace trace =
        LoadTrace.of(
            LoadTrace.DEFAULT_START, TWO_SECONDS, 100, 100, 300, 300, 300, 300, 100, 100, 100, 100);
    List<Integer> progress = new ArrayList<>();

    SimulationResult r =
        new Simulator(model).run(trace, bands("rps", 150, 250, 350), "bands", progress::add);

    assertThat(capacities(r)).containsExactly(100, 100, 100, 100, 100, 100, 300, 300, 100, 100);
    assertThat(desired(r)).containsExactly(1, 1, 1, 1, 3, 3, 3, 3, 1, 1);
    assertThat(r.demand(2)).isEqualTo(300);
    assertThat(r.actions())
        .extracting(
            SimulationResult.Action::index,
            SimulationResult.Action::from,
            SimulationResult.Action::to,
            SimulationResult.Action::delta)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, 1, 3, 2),
            org.assertj.core.groups.Tuple.tuple(8, 3, 1, -2));
    assertThat(r.actions().get(0).at()).isEqualTo(LoadTrace.DEFAULT_START.plusSeconds(8));
    assertThat(r.actions().get(0).explanation()).startsWith("1 → 3 (scale out)");

    SimulationReport report = r.report();
    assertThat(report.samples()).isEqualTo(10);
    assertThat(report.length()).isEqualTo(Duration.ofSeconds(20));
    assertThat(report.totalRequests()).isEqualTo(3_600);
    assertThat(report.requestsOverCapacity()).isEqualTo(1_600);
    assertThat(report.sloViolationTime()).isEqualTo(Duration.ofSeconds(8));
    assertThat(report.capacityHours()).isCloseTo(36 / 3600.0, within(1e-12));
    assertThat(report.overProvisionedHours()).isCloseTo(8 / 3600.0, within(1e-12));
    assertThat(report.scalingActions()).isEqualTo(2);
    assertThat(report.reversals()).isEqualTo(1);
    assertThat(report.peakInstances()).isEqualTo(3);
    assertThat(progress).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
  }

  /**
   * A warm pool of one that starts an instance in 2 s and refills 10 s after it is used; a cold
   * start takes 10 s. Decisions every sample (2 s) on the sample before.
   *
   * <ul>
   *   <li>t = 2 s: rps 200 → 2, from the pool: ready at 4 s; the pool refills at 12 s.
   *   <li>t = 4 s: rps 100 → 1: one stops. Until t = 10 s: rps 100, no change.
   *   <li>t = 12 s: the pool has just refilled; rps 300 → 3: one from the pool (ready at 14 s), one
   *       cold (ready at 22 s, after the run). The pool refills again at 22 s.
   *   <li>t = 16 s: rps 400 → 4, the pool is empty: a cold start, ready at 26 s.
   * </ul>
   */
  @Test
  void aWarmPoolIsUsedOnceAndMustRefillBeforeItIsUsedAgain() {
    CapacityModel model =
        CapacityModel.defaults()
            .withPerInstance(100)
            .withStartupDelay(Duration.ofSeconds(10))
            .withWarmPool(1, TWO_SECONDS)
            .withEvaluationPeriod(TWO_SECONDS)
            .withInitialInstances(1);
    LoadTrace trace =
        LoadTrace.of(
            LoadTrace.DEFAULT_START, TWO_SECONDS, 200, 100, 100, 100, 100, 300, 300, 400, 400, 400);

    SimulationResult r = new Simulator(model).run(trace, bands("rps", 150, 250, 350), "warm");

    assertThat(capacities(r)).containsExactly(100, 100, 100, 100, 100, 100, 100, 200, 200, 200);
    assertThat(desired(r)).containsExactly(1, 2, 1, 1, 1, 1, 3, 3, 4, 4);
    assertThat(r.actions())
        .extracting(SimulationResult.Action::index, SimulationResult.Action::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 2),
            org.assertj.core.groups.Tuple.tuple(2, 1),
            org.assertj.core.groups.Tuple.tuple(6, 3),
            org.assertj.core.groups.Tuple.tuple(8, 4));
  }

  /**
   * Demand 300, 300, then 100 on one instance; decisions every 4 s on the backlog; a new instance
   * is ready 2 s after it is asked for. The backlog grows by (demand − capacity) × 2 s and never
   * goes below 0.
   *
   * <ul>
   *   <li>After t = 0 and 2 s: 400, then 800 requests. At t = 4 s the queue reads 800 → 2, ready at
   *       6 s.
   *   <li>t = 4 s: 100 on 100, 800 stays. t = 6 s: 100 on 200: 600. At t = 8 s the queue reads 600
   *       → 2, no change; then 400, and 200 after t = 10 s. At t = 12 s the queue reads 200 → 1.
   * </ul>
   */
  @Test
  void theQueueMetricIsTheBacklogAtTheDecision() {
    CapacityModel model = model(TWO_SECONDS, Duration.ofSeconds(4), 1);
    LoadTrace trace =
        LoadTrace.of(LoadTrace.DEFAULT_START, TWO_SECONDS, 300, 300, 100, 100, 100, 100, 100);

    SimulationResult r = new Simulator(model).run(trace, bands("queue", 500), "queue");

    assertThat(r.actions())
        .extracting(SimulationResult.Action::index, SimulationResult.Action::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, 2), org.assertj.core.groups.Tuple.tuple(6, 1));
    assertThat(capacities(r)).containsExactly(100, 100, 100, 200, 200, 200, 100);
  }

  /**
   * From zero instances, with a policy on CPU (below 90 % → 1, from 90 % → 2) and a minimum of 1.
   * Demand 50 throughout; 4 s to start; decisions every 4 s.
   *
   * <ul>
   *   <li>t = 4 s: nothing is ready, so there is no CPU to go by: the minimum asks for 1, ready at
   *       8 s.
   *   <li>t = 8 s: one is ready but none was during the period, so there is still no CPU (not 100
   *       %, not 0/0): no change. From then on CPU is 50 %: no change.
   * </ul>
   */
  @Test
  void fromZeroInstancesNoCpuIsReportedUntilAnInstanceHasServedAPeriod() {
    CapacityModel model = model(Duration.ofSeconds(4), Duration.ofSeconds(4), 0);
    double[] fifty = new double[20];
    java.util.Arrays.fill(fifty, 50);
    LoadTrace trace = LoadTrace.of(LoadTrace.DEFAULT_START, TWO_SECONDS, fifty);
    List<Integer> progress = new ArrayList<>();

    SimulationResult r =
        new Simulator(model).run(trace, bands("cpu", 90, 1_000), "from zero", progress::add);

    assertThat(r.actions())
        .extracting(
            SimulationResult.Action::index,
            SimulationResult.Action::from,
            SimulationResult.Action::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 0, 1));
    assertThat(r.capacity(3)).isZero();
    assertThat(r.capacity(4)).isEqualTo(100);
    assertThat(progress).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
  }

  /**
   * Latency mixes one M/M/c queue per (ready instances, demand): demand 50 on one instance for
   * three samples (300 requests), then on two (100 requests), with no start-up delay. Solved from
   * the closed form outside the library: C(1, 0.5) = 0.5, C(2, 0.5) = 0.1; p50 is the 10 ms service
   * time, p95 50.32 ms, p99 82.49 ms.
   */
  @Test
  void latencyMixesTheQueueOfEachStepByItsRequests() {
    CapacityModel model = model(Duration.ZERO, Duration.ofSeconds(4), 1);
    LoadTrace trace = LoadTrace.of(LoadTrace.DEFAULT_START, TWO_SECONDS, 50, 50, 50, 50);

    SimulationReport report = new Simulator(model).run(trace, bands("rps", 40), "latency").report();

    assertThat(report.totalRequests()).isEqualTo(400);
    assertThat(report.p50().toNanos() / 1e6).isCloseTo(10.0, within(1e-3));
    assertThat(report.p95().toNanos() / 1e6).isCloseTo(50.3217, within(1e-3));
    assertThat(report.p99().toNanos() / 1e6).isCloseTo(82.4878, within(1e-3));
  }

  /**
   * The same instance at two demands is two queues, not one: 50 and then 60 requests per second on
   * one instance for 4 s each, so 200 and 240 requests. From the closed form: p95 65.37 ms, p99
   * 103.25 ms (one queue at 60 would give a p99 of 112.36 ms).
   */
  @Test
  void eachDemandOnTheSameInstancesIsItsOwnQueue() {
    CapacityModel model = model(Duration.ZERO, Duration.ofSeconds(4), 1);
    LoadTrace trace = LoadTrace.of(LoadTrace.DEFAULT_START, TWO_SECONDS, 50, 50, 60, 60);

    SimulationReport report =
        new Simulator(model).run(trace, bands("rps", 1_000), "two demands").report();

    assertThat(report.scalingActions()).isZero();
    assertThat(report.totalRequests()).isEqualTo(440);
    assertThat(report.p95().toNanos() / 1e6).isCloseTo(65.3667, within(1e-3));
    assertThat(report.p99().toNanos() / 1e6).isCloseTo(103.2460, within(1e-3));
  }
}
