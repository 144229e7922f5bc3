package dev.groundwork.idempotency.benchmarks;

import dev.groundwork.benchmarks.RatioRunner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The runnable jar's entry point: the in-memory store at 1 and 2 threads (this machine's cores),
 * the Redis and JDBC stores at 1 and 16 concurrent callers, each beside its baseline.
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
    RatioRunner.suite("idempotency")
        .jmh(InMemoryStoreBenchmark.class, 1, 2)
        .jmh(RedisStoreBenchmark.class, 1, 16)
        .jmh(JdbcStoreBenchmark.class, 1, 16)
        .run(args);
  }
}
