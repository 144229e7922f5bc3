package dev.groundwork.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs a module's benchmarks and prints, for each JMH benchmark {@code x} that has a baseline
 * {@code bareX} in the same class, both results and how they compare: throughput as a share of the
 * baseline's, cost as a multiple of it, and for benchmarks in {@link Mode#SampleTime} the p50 and
 * p99 latency of both. Benchmarks without a baseline are listed alone. Sections that are not JMH
 * benchmarks (a simulation that reports its own table) run after them.
 *
 * <p>Arguments: {@code [--full] [--results FILE] [regex]}. The short mode (default) runs one fork
 * with 5 warm-up and 3 measured one-second iterations; {@code --full} runs two forks with 8 and 5
 * two-second ones. {@code --results} appends the tables to a Markdown file. A regex keeps the
 * benchmarks whose {@code Class.method} it finds (with their baselines) and the sections whose
 * title it finds.
 *
 * <pre>{@code
 * RatioRunner.suite("idempotency")
 *     .jmh(InMemoryStoreBenchmark.class, 1, 2)
 *     .jmh(RedisStoreBenchmark.class, 1, 16)
 *     .run(args);
 * }</pre>
 */
public final class RatioRunner {

  private final String name;
  private final List<Plan> plans = new ArrayList<>();
  private final List<NamedSection> sections = new ArrayList<>();

  private RatioRunner(String name) {
    this.name = name;
  }

  /**
   * Starts a suite.
   *
   * @param name the suite's name, the heading of its results
   * @return an empty suite
   */
  public static RatioRunner suite(String name) {
    return new RatioRunner(Objects.requireNonNull(name, "name"));
  }

  /**
   * Adds a class of JMH benchmarks, run once at each thread count.
   *
   * @param benchmarks a class with {@link Benchmark} methods
   * @param threadCounts at least one thread count, each at least 1
   * @return this suite
   * @throws IllegalArgumentException if the class has no benchmark or a thread count is below 1
   */
  public RatioRunner jmh(Class<?> benchmarks, int... threadCounts) {
    if (benchmarkMethods(benchmarks).isEmpty()) {
      throw new IllegalArgumentException(benchmarks.getName() + " has no @Benchmark method");
    }
    if (threadCounts.length == 0 || Arrays.stream(threadCounts).anyMatch(t -> t < 1)) {
      throw new IllegalArgumentException(
          "thread counts must be at least one count of 1 or more, got "
              + Arrays.toString(threadCounts));
    }
    plans.add(new Plan(benchmarks, Arrays.stream(threadCounts).boxed().toList()));
    return this;
  }

  /**
   * Adds a section that measures something JMH does not, such as a simulation in virtual time, and
   * reports it as a Markdown table.
   *
   * @param title the section's heading
   * @param section the measurement
   * @return this suite
   */
  public RatioRunner section(String title, Section section) {
    sections.add(new NamedSection(Objects.requireNonNull(title), Objects.requireNonNull(section)));
    return this;
  }

  /** A measurement outside JMH that reports a Markdown table. */
  @FunctionalInterface
  public interface Section {
    /**
     * Runs the measurement.
     *
     * @param full whether {@code --full} was given: measure longer
     * @return the results as a Markdown table, without a heading
     * @throws Exception if the measurement fails
     */
    String run(boolean full) throws Exception;
  }

  private record NamedSection(String title, Section section) {}

  private record Plan(Class<?> benchmarks, List<Integer> threads) {}

  /** The parsed command line. */
  record Options(boolean full, @Nullable Path results, @Nullable Pattern filter) {
    static Options parse(String[] args) {
      boolean full = false;
      Path results = null;
      Pattern filter = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--full")) {
          full = true;
        } else if (arg.equals("--results")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--results needs a file name");
          }
          results = Path.of(args[++i]);
        } else if (arg.startsWith("-")) {
          throw new IllegalArgumentException(
              "unknown option " + arg + "; use [--full] [--results FILE] [regex of benchmarks]");
        } else {
          filter = Pattern.compile(arg);
        }
      }
      return new Options(full, results, filter);
    }
  }

  /**
   * Runs the suite, prints its tables and, with {@code --results}, appends them to the file.
   *
   * @param args {@code [--full] [--results FILE] [regex]}
   * @throws RunnerException if JMH fails
   * @throws IllegalArgumentException on an unknown option, or a regex that matches nothing
   * @throws IllegalStateException if a benchmark or a section fails (after printing the rest)
   */
  public void run(String[] args) throws RunnerException {
    Options options = Options.parse(args);
    StringBuilder report = new StringBuilder();
    List<Row> rows = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    int ran = 0;
    for (Plan plan : plans) {
      List<String> selected = select(plan.benchmarks(), options.filter());
      if (selected.isEmpty()) {
        continue;
      }
      ran++;
      for (int threads : plan.threads()) {
        OptionsBuilder jmh = new OptionsBuilder();
        for (String benchmark : selected) {
          jmh.include("^" + Pattern.quote(benchmark) + "$");
        }
        jmh.threads(threads)
            .forks(options.full() ? 2 : 1)
            .warmupIterations(options.full() ? 8 : 5)
            .warmupTime(TimeValue.seconds(options.full() ? 2 : 1))
            .measurementIterations(options.full() ? 5 : 3)
            .measurementTime(TimeValue.seconds(options.full() ? 2 : 1));
        Map<String, Measured> results = new LinkedHashMap<>();
        for (RunResult r : new Runner(jmh.build()).run()) {
          results.put(r.getParams().getBenchmark(), measured(r, threads));
        }
        for (String benchmark : selected) {
          if (!results.containsKey(benchmark)) {
            // JMH reports a benchmark that threw and goes on; a ratio without it would mislead.
            failed.add(simpleName(benchmark) + " at " + threads + " threads");
          }
        }
        rows.addAll(pair(results, threads));
      }
    }
    if (!rows.isEmpty()) {
      report.append(table(rows));
    }
    for (NamedSection s : sections) {
      Pattern filter = options.filter();
      if (filter != null && !filter.matcher(s.title()).find()) {
        continue;
      }
      ran++;
      report.append("\n### ").append(s.title()).append("\n\n");
      try {
        report.append(s.section().run(options.full()));
      } catch (Exception e) {
        // Keep what the other benchmarks measured; report this one as failed.
        e.printStackTrace(System.err);
        report.append("(failed: ").append(e).append(")\n");
        failed.add("section '" + s.title() + "'");
      }
    }
    Pattern filter = options.filter();
    if (ran == 0 && filter != null) {
      throw new IllegalArgumentException(
          "no benchmark or section of suite " + name + " matches '" + filter + "'");
    }
    if (!failed.isEmpty()) {
      report
          .append("\n**Failed** (see the JMH output above): ")
          .append(String.join(", ", failed))
          .append('\n');
    }
    String text = "\n## " + name + "\n\n" + report;
    System.out.println(text);
    Path file = options.results();
    if (file != null) {
      try {
        Files.writeString(
            file,
            text,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("could not append the results to " + file, e);
      }
    }
    if (!failed.isEmpty()) {
      throw new IllegalStateException("benchmarks failed: " + String.join(", ", failed));
    }
  }

  /**
   * The benchmarks of a class that the filter keeps, each with its baseline.
   *
   * @param benchmarks the class
   * @param filter a regex found in {@code Class.method}, or null for all
   * @return fully qualified benchmark names
   */
  static List<String> select(Class<?> benchmarks, @Nullable Pattern filter) {
    List<String> methods = benchmarkMethods(benchmarks);
    List<String> selected = new ArrayList<>();
    for (String m : methods) {
      String paired = isBaseline(m) ? measuredOf(m) : m;
      String simple = benchmarks.getSimpleName() + "." + paired;
      if (filter == null || filter.matcher(simple).find()) {
        selected.add(benchmarks.getName() + "." + m);
      }
    }
    return selected;
  }

  private static List<String> benchmarkMethods(Class<?> benchmarks) {
    List<String> names = new ArrayList<>();
    for (Method m : benchmarks.getMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)) {
        names.add(m.getName());
      }
    }
    names.sort(null);
    return names;
  }

  private static boolean isBaseline(String method) {
    return method.startsWith("bare") && method.length() > 4;
  }

  /** {@code bareReplay} to {@code replay}. */
  private static String measuredOf(String baseline) {
    return Character.toLowerCase(baseline.charAt(4)) + baseline.substring(5);
  }

  /** {@code replay} to {@code bareReplay}. */
  private static String baselineOf(String method) {
    return "bare" + Character.toUpperCase(method.charAt(0)) + method.substring(1);
  }

  /**
   * What one benchmark achieved, in common units.
   *
   * @param opsPerSecond throughput of all threads together
   * @param p50Nanos median latency of one call, NaN unless sampled
   * @param p99Nanos 99th percentile latency, NaN unless sampled
   */
  record Measured(double opsPerSecond, double p50Nanos, double p99Nanos) {
    static Measured throughput(double opsPerSecond) {
      return new Measured(opsPerSecond, Double.NaN, Double.NaN);
    }

    boolean sampled() {
      return !Double.isNaN(p50Nanos);
    }
  }

  private static Measured measured(RunResult r, int threads) {
    Result<?> result = r.getPrimaryResult();
    double nanosPerUnit = r.getParams().getTimeUnit().toNanos(1);
    if (r.getParams().getMode() == Mode.SampleTime) {
      Statistics s = result.getStatistics();
      double meanNanos = result.getScore() * nanosPerUnit;
      // A closed loop: each thread starts its next call when the last returns.
      return new Measured(
          threads * TimeUnit.SECONDS.toNanos(1) / meanNanos,
          s.getPercentile(50) * nanosPerUnit,
          s.getPercentile(99) * nanosPerUnit);
    }
    if (r.getParams().getMode() != Mode.Throughput) {
      throw new IllegalArgumentException(
          r.getParams().getBenchmark()
              + " runs in mode "
              + r.getParams().getMode()
              + "; the runner reads Throughput and SampleTime");
    }
    return Measured.throughput(result.getScore() * TimeUnit.SECONDS.toNanos(1) / nanosPerUnit);
  }

  /**
   * One benchmark beside its baseline.
   *
   * @param benchmark {@code Class.method}
   * @param threads the thread count
   * @param score what the benchmark achieved
   * @param bare what its baseline achieved, or null without one
   */
  record Row(String benchmark, int threads, Measured score, @Nullable Measured bare) {
    /** The baseline's cost per call in calls of the benchmark: 1 / share of its throughput. */
    double costRatio() {
      return bare == null ? Double.NaN : bare.opsPerSecond() / score.opsPerSecond();
    }
  }

  /**
   * Pairs each benchmark with its {@code bare} baseline.
   *
   * @param results by fully qualified benchmark name ({@code pkg.Class.method})
   * @param threads the thread count they ran at
   * @return one row per benchmark that is not itself a baseline
   */
  static List<Row> pair(Map<String, Measured> results, int threads) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Measured> e : results.entrySet()) {
      String name = e.getKey();
      int dot = name.lastIndexOf('.');
      String method = name.substring(dot + 1);
      if (isBaseline(method)) {
        continue;
      }
      Measured bare = results.get(name.substring(0, dot + 1) + baselineOf(method));
      rows.add(new Row(simpleName(name), threads, e.getValue(), bare));
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
   * The rows as a Markdown table.
   *
   * @param rows the rows
   * @return the table
   */
  static String table(List<Row> rows) {
    boolean latencies = rows.stream().anyMatch(r -> r.score().sampled());
    StringBuilder out = new StringBuilder();
    out.append("| benchmark | threads | ops/s | bare ops/s | % of bare | cost × bare |");
    out.append(latencies ? " p50 / p99 | bare p50 / p99 |\n" : "\n");
    out.append("| --- | --- | --- | --- | --- | --- |");
    out.append(latencies ? " --- | --- |\n" : "\n");
    for (Row r : rows) {
      Measured bare = r.bare();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s |",
              r.benchmark(),
              r.threads(),
              rate(r.score().opsPerSecond()),
              bare == null ? "—" : rate(bare.opsPerSecond()),
              bare == null
                  ? "—"
                  : String.format(
                      Locale.ROOT, "%.0f %%", 100 * r.score().opsPerSecond() / bare.opsPerSecond()),
              bare == null ? "—" : String.format(Locale.ROOT, "%.2f", r.costRatio())));
      if (latencies) {
        out.append(' ')
            .append(percentiles(r.score()))
            .append(" | ")
            .append(bare == null ? "—" : percentiles(bare))
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String percentiles(Measured m) {
    return m.sampled() ? duration(m.p50Nanos()) + " / " + duration(m.p99Nanos()) : "—";
  }

  /**
   * A rate with three significant digits and an SI suffix.
   *
   * @param perSecond operations per second
   * @return for example {@code 1.23 M}
   */
  static String rate(double perSecond) {
    // 999.5 and up round to 1000 at three digits: show them in the next unit.
    if (perSecond >= 999.5e3) {
      return String.format(Locale.ROOT, "%.3g M", perSecond / 1e6);
    }
    if (perSecond >= 999.5) {
      return String.format(Locale.ROOT, "%.3g k", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.3g", perSecond);
  }

  /**
   * A duration with three significant digits in the largest unit that keeps it at least 1.
   *
   * @param nanos the duration in nanoseconds
   * @return for example {@code 412 µs}
   */
  public static String duration(double nanos) {
    if (nanos >= 999.5e3) {
      return String.format(Locale.ROOT, "%.3g ms", nanos / 1e6);
    }
    if (nanos >= 999.5) {
      return String.format(Locale.ROOT, "%.3g µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.3g ns", nanos);
  }
}
