package dev.groundwork.idempotency.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks at 1 and 2 threads and prints, for each benchmark {@code x} with a baseline
 * {@code bareX}, both throughputs and the cost ratio (how many times the bare cost one call of
 * {@code x} is).
 *
 * <p>{@code java -jar idempotency-benchmarks.jar [--full] [regex]}: the short mode (default) takes
 * about a minute per benchmark pair on 2 cores; {@code --full} runs longer, with two forks.
 */
public final class RunBenchmarks {

  private RunBenchmarks() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code --full} for long runs; a regular expression selecting benchmarks
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    boolean full = false;
    String include = RunBenchmarks.class.getPackageName() + ".*";
    for (String arg : args) {
      if (arg.equals("--full")) {
        full = true;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException(
            "unknown option " + arg + "; use [--full] [regex of benchmarks]");
      } else {
        include = arg;
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int threads : new int[] {1, 2}) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(include)
              .threads(threads)
              .forks(full ? 2 : 1)
              .warmupIterations(full ? 8 : 5)
              .warmupTime(TimeValue.seconds(full ? 2 : 1))
              .measurementIterations(full ? 5 : 3)
              .measurementTime(TimeValue.seconds(full ? 2 : 1));
      rows.addAll(pair(new Runner(options.build()).run(), threads));
    }
    print(rows, System.out);
  }

  /** One benchmark beside its baseline, in operations per microsecond. */
  record Row(String benchmark, int threads, double score, double bareScore) {
    double costRatio() {
      return bareScore / score;
    }
  }

  static List<Row> pair(Collection<RunResult> results, int threads) {
    // "InMemoryStoreBenchmark.replay" -> score
    Map<String, Double> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      scores.put(simpleClass(benchmark) + "." + method, r.getPrimaryResult().getScore());
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      String name = e.getKey();
      int dot = name.indexOf('.');
      String method = name.substring(dot + 1);
      if (method.startsWith("bare")) {
        continue;
      }
      String baseline =
          name.substring(0, dot + 1)
              + "bare"
              + Character.toUpperCase(method.charAt(0))
              + method.substring(1);
      Double bare = scores.get(baseline);
      if (bare != null) {
        rows.add(new Row(name, threads, e.getValue(), bare));
      }
    }
    return rows;
  }

  private static String simpleClass(String benchmark) {
    String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  static void print(List<Row> rows, PrintStream out) {
    out.println();
    out.println("| benchmark | threads | ops/µs | bare ops/µs | cost × bare |");
    out.println("| --- | --- | --- | --- | --- |");
    for (Row r : rows) {
      out.println(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3f | %.3f | %.2f |",
              r.benchmark(),
              r.threads(),
              r.score(),
              r.bareScore(),
              r.costRatio()));
    }
  }
}
