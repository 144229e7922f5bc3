package dev.groundwork.scaling.benchmarks;

import dev.groundwork.benchmarks.RatioRunner;
import org.openjdk.jmh.runner.RunnerException;

/** The runnable jar's entry point: this package's benchmarks on one thread, with ratios. */
public final class RunBenchmarks {

  private RunBenchmarks() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code [--full] [--results FILE] [regex]}
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    // An autoscaler decides for one service at a time; one thread is how it runs.
    RatioRunner.suite("scaling-policy")
        .jmh(AutoscalerBenchmark.class, 1)
        .jmh(SimulatorBenchmark.class, 1)
        .run(args);
  }
}
