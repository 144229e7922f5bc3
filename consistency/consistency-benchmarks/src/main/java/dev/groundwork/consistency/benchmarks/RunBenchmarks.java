package dev.groundwork.consistency.benchmarks;

import dev.groundwork.benchmarks.RatioRunner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runnable jar's entry point: the quorum client's cost at 1 and 2 threads beside direct replica
 * calls, then the quorum read's latency against its physical limit in virtual time.
 */
public final class RunBenchmarks {

  private RunBenchmarks() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code [--full] [--results FILE] [regex]}
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    RatioRunner.suite("consistency")
        .jmh(QuorumClientBenchmark.class, 1, 2)
        .section("Quorum read latency against its limit", QuorumLatencyStudy::run)
        .run(args);
  }
}
