package dev.groundwork.scaling.benchmarks;

import dev.groundwork.scaling.AdjustmentType;
import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.AutoscalerState;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.Comparison;
import dev.groundwork.scaling.Decision;
import dev.groundwork.scaling.Metric;
import dev.groundwork.scaling.ScalingInput;
import dev.groundwork.scaling.StepAdjustment;
import dev.groundwork.scaling.StepScalingPolicy;
import dev.groundwork.scaling.TargetTrackingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One decision of a three-policy autoscaler (CPU target tracking with HPA semantics, a backlog
 * target that never scales in, an AWS step policy for overload) against the bare arithmetic of the
 * same three rules: two ratio-and-ceiling targets, a step lookup, the largest, clamped.
 *
 * <p>The autoscaler is the one {@code AutoscalingExample} in {@code examples} walks through. The
 * inputs replay three hours of a lunchtime spike, a minute apart, so decisions move capacity up and
 * down and the stabilisation windows and warm-up have history to consult.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AutoscalerBenchmark {

  private static final int MINUTES = 180;
  private static final Instant START = Instant.parse("2026-03-02T11:00:00Z");

  private final Autoscaler autoscaler =
      Autoscaler.builder(new CapacityLimits(2, 40))
          .policy(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build())
          .policy(
              TargetTrackingPolicy.builder("backlog").target("queue", 50).scaleIn(false).build())
          .policy(
              StepScalingPolicy.builder("cpu-overload", "cpu")
                  .alarm(Comparison.GREATER_THAN_OR_EQUAL, 90)
                  .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
                  .step(StepAdjustment.between(0, 10, 20))
                  .step(StepAdjustment.from(10, 50))
                  .minAdjustmentMagnitude(2)
                  .warmup(Duration.ofMinutes(3))
                  .build())
          .build();

  private final double[] demand = new double[MINUTES];
  private AutoscalerState state = AutoscalerState.initial();
  private int capacity = 3;
  private int bareCapacity = 3;
  private long minute;

  /** Builds the autoscaler and the demand curve; JMH makes one per thread. */
  public AutoscalerBenchmark() {
    for (int m = 0; m < MINUTES; m++) {
      double base = 150;
      if (m >= 60 && m < 150) {
        base += Math.min(m - 60, 30) * 15;
      }
      if (m >= 90 && m < 100) {
        base += 800;
      }
      demand[m] = base;
    }
  }

  /**
   * One decision through the autoscaler, its state carried to the next.
   *
   * @return the decision
   */
  @Benchmark
  public Decision decide() {
    long m = minute++;
    double d = demand[(int) (m % MINUTES)];
    double cpu = cpu(d, capacity);
    double queue = queue(d, capacity);
    Decision decision =
        autoscaler.decide(
            new ScalingInput(
                START.plus(Duration.ofMinutes(m)),
                capacity,
                Map.of("cpu", Metric.average(cpu, capacity), "queue", Metric.total(queue))),
            state);
    state = decision.state();
    capacity = decision.desiredCapacity();
    return decision;
  }

  /**
   * The same three rules as bare arithmetic: no tolerance, windows, warm-up or explanation.
   *
   * @return the desired capacity
   */
  @Benchmark
  public int bareDecide() {
    double d = demand[(int) (minute++ % MINUTES)];
    double cpu = cpu(d, bareCapacity);
    double queue = queue(d, bareCapacity);
    int byCpu = (int) Math.ceil(bareCapacity * cpu / 60);
    int byQueue = Math.max(bareCapacity, (int) Math.ceil(queue / 50));
    int byStep = bareCapacity;
    if (cpu >= 90) {
      int percent = cpu < 100 ? 20 : 50;
      byStep = bareCapacity + Math.max(2, bareCapacity * percent / 100);
    }
    bareCapacity = Math.min(40, Math.max(2, Math.max(byCpu, Math.max(byQueue, byStep))));
    return bareCapacity;
  }

  /** CPU percent when each instance serves 100 requests per second at 100 %. */
  private static double cpu(double demand, int capacity) {
    return Math.min(100, demand / capacity);
  }

  /** Requests queued when demand exceeds what the instances serve. */
  private static double queue(double demand, int capacity) {
    return Math.max(0, demand - capacity * 100.0) * 2;
  }
}
