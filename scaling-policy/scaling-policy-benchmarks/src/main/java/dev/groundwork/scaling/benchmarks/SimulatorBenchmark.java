package dev.groundwork.scaling.benchmarks;

import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.TargetTrackingPolicy;
import dev.groundwork.scaling.simulator.CapacityModel;
import dev.groundwork.scaling.simulator.LoadTrace;
import dev.groundwork.scaling.simulator.SimulationResult;
import dev.groundwork.scaling.simulator.Simulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Simulator throughput in trace samples per second: a day at 10-second steps (8,640 samples) with a
 * spike and noise, under HPA-style CPU target tracking and a three-minute start-up delay.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SimulatorBenchmark {

  private static final int SAMPLES = 8640;

  private final LoadTrace day =
      LoadTrace.diurnal(1, Duration.ofSeconds(10), 100, 1000)
          .withSpike(Duration.ofHours(14), Duration.ofMinutes(10), 2500)
          .withNoise(0.05, 42);
  private final Simulator simulator =
      new Simulator(CapacityModel.defaults().withStartupDelay(Duration.ofMinutes(3)));
  private final Autoscaler tracking =
      Autoscaler.builder(new CapacityLimits(2, 60))
          .policy(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build())
          .build();

  /** Builds the trace and the simulator; JMH makes one per thread. */
  public SimulatorBenchmark() {
    if (day.size() != SAMPLES) {
      throw new IllegalStateException("the day has " + day.size() + " samples, not " + SAMPLES);
    }
  }

  /**
   * Simulates the day; the score is samples per second.
   *
   * @return the result
   */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public SimulationResult simulateDay() {
    return simulator.run(day, tracking, "target-tracking");
  }
}
