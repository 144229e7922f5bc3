package dev.groundwork.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a package's JMH benchmarks at the given thread counts and prints, for each benchmark {@code
 * x} that has a baseline {@code bareX} in the same class, both scores and the cost ratio: how many
 * times the bare calls one call of {@code x} costs. Benchmarks without a baseline are listed with
 * their score alone.
 *
 * <p>Arguments: {@code [--full] [regex]}. The short mode (default) runs one fork with 5 warm-up and
 * 3 measured one-second iterations; {@code --full} runs two forks with 8 and 5 two-second ones.
 */
public final class RatioRunner {

  private RatioRunner() {}

  /**
   * Runs the benchmarks and prints the table.
   *
   * @param packageName the package whose benchmarks run when no regex is given
   * @param args {@code [--full] [regex]}
   * @param threadCounts the thread counts to run each benchmark at
   * @throws RunnerException if JMH fails
   * @throws IllegalArgumentException on an unknown option
   */
  public static void run(String packageName, String[] args, int... threadCounts)
      throws RunnerException {
    boolean full = false;
    String include = packageName + ".*";
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
    for (int threads : threadCounts) {
      OptionsBuilder options = new OptionsBuilder();
      options
          .include(include)
          .threads(threads)
          .forks(full ? 2 : 1)
          .warmupIterations(full ? 8 : 5)
          .warmupTime(TimeValue.seconds(full ? 2 : 1))
          .measurementIterations(full ? 5 : 3)
          .measurementTime(TimeValue.seconds(full ? 2 : 1));
      Map<String, Score> scores = new LinkedHashMap<>();
      for (RunResult r : new Runner(options.build()).run()) {
        scores.put(
            r.getParams().getBenchmark(),
            new Score(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreUnit()));
      }
      rows.addAll(pair(scores, threads));
    }
    print(rows, System.out);
  }

  /** A benchmark's score and its unit. */
  record Score(double value, String unit) {}

  /**
   * One benchmark, with its baseline's score when it has one.
   *
   * @param benchmark {@code Class.method}
   * @param threads the thread count
   * @param score the benchmark's throughput
   * @param bare the baseline's throughput, or NaN
   * @param unit the unit of both
   */
  record Row(String benchmark, int threads, double score, double bare, String unit) {
    /** The cost of one call of the benchmark in calls of the baseline, NaN without one. */
    double costRatio() {
      return bare / score;
    }
  }

  /**
   * Pairs each benchmark with its {@code bare} baseline.
   *
   * @param scores throughput by fully qualified benchmark name ({@code pkg.Class.method})
   * @param threads the thread count they ran at
   * @return one row per benchmark that is not itself a baseline
   */
  static List<Row> pair(Map<String, Score> scores, int threads) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      String name = e.getKey();
      int dot = name.lastIndexOf('.');
      String method = name.substring(dot + 1);
      if (method.startsWith("bare") && method.length() > 4) {
        continue;
      }
      String baseline =
          name.substring(0, dot + 1)
              + "bare"
              + Character.toUpperCase(method.charAt(0))
              + method.substring(1);
      Score bare = scores.get(baseline);
      rows.add(
          new Row(
              simpleName(name),
              threads,
              e.getValue().value(),
              bare == null ? Double.NaN : bare.value(),
              e.getValue().unit()));
    }
    return rows;
  }

  /** {@code pkg.Class.method} to {@code Class.method}. */
  private static String simpleName(String benchmark) {
    int method = benchmark.lastIndexOf('.');
    int cls = benchmark.lastIndexOf('.', method - 1);
    return benchmark.substring(cls + 1);
  }

  /**
   * Prints the rows as a Markdown table.
   *
   * @param rows the rows
   * @param out where to print
   */
  static void print(List<Row> rows, PrintStream out) {
    out.println();
    out.println("| benchmark | threads | score | bare | cost × bare |");
    out.println("| --- | --- | --- | --- | --- |");
    for (Row r : rows) {
      boolean paired = !Double.isNaN(r.bare());
      out.println(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.3f %s | %s | %s |",
              r.benchmark(),
              r.threads(),
              r.score(),
              r.unit(),
              paired ? String.format(Locale.ROOT, "%.3f %s", r.bare(), r.unit()) : "—",
              paired ? String.format(Locale.ROOT, "%.2f", r.costRatio()) : "—"));
    }
  }
}
