package dev.groundwork.consistency.benchmarks;

import dev.groundwork.benchmarks.RatioRunner;
import org.openjdk.jmh.runner.RunnerException;

/** The runnable jar's entry point: this package's benchmarks at 1 and 2 threads, with ratios. */
public final class RunBenchmarks {

  private RunBenchmarks() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code [--full] [regex]}
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    RatioRunner.run(RunBenchmarks.class.getPackageName(), args, 1, 2);
  }
}
