package dev.groundwork.scaling.simulator;

import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.ScalingPolicyException;
import dev.groundwork.scaling.TargetTrackingPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's command line: {@code --help} lists every option.
 *
 * <p>Exit status: 0 on success, 2 for a usage or configuration error (the message says which).
 */
public final class SimulatorCli {

  static final String HELP =
      """
      usage: simulate [options]

      Replays a load trace through one or more scaling policies and writes, into --out,
      report.txt (and a side-by-side comparison when several policies are given),
      report.csv, report.json and one SVG chart per policy.

      The trace (one of):
        --trace FILE           CSV of time,demand: time an ISO-8601 instant or seconds from the
                               first sample, demand in requests per second
        --generate KIND        diurnal | spike | ramp | step | constant   (default diurnal)
        --days N               length of a generated trace in days         (default 1)
        --step DURATION        sample step of the trace                    (default 60s)
        --noise SIGMA          multiplicative noise, e.g. 0.1              (default 0)
        --seed N               seed of the noise                           (default 1)

      The policies:
        --policy FILE          an autoscaler in properties form; repeat to compare several.
                               Default: target tracking at 60 % cpu, min 1, max 100.
                               The format is documented in scaling-policy/README.md.

      The capacity model:
        --per-instance RPS     requests per second one instance serves     (default 100)
        --startup DURATION     cold start of a new instance                (default 120s)
        --warm-pool N          instances waiting pre-initialised           (default 0)
        --warm-start DURATION  start of an instance from the warm pool     (default 10s)
        --period DURATION      autoscaler evaluation period                (default 60s)
        --initial N            instances at the start                      (default 2)

      Output:
        --out DIR              where the files go                          (default simulation-out)
        --help                 this text

      Durations: 90s, 5m, 1h, 1d or ISO-8601 (PT5M). The policies see three metrics:
      cpu (average utilisation, %), queue (backlog, requests) and rps (demand, requests/s).
      """;

  private SimulatorCli() {}

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command line with given streams.
   *
   * @param args the arguments
   * @param out where reports go
   * @param err where errors and progress go
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return runOrThrow(args, out, err);
    } catch (ScalingPolicyException e) {
      err.println("error: " + e.getMessage());
      err.println("run with --help for the options");
      return 2;
    } catch (NumberFormatException e) {
      err.println("error: not a number: " + e.getMessage());
      err.println("run with --help for the options");
      return 2;
    } catch (IOException e) {
      err.println("error: " + e);
      return 2;
    }
  }

  private static int runOrThrow(String[] args, PrintStream out, PrintStream err)
      throws IOException {
    @Nullable String traceFile = null;
    String generate = "diurnal";
    int days = 1;
    Duration step = Duration.ofSeconds(60);
    double noise = 0;
    long seed = 1;
    List<String> policyFiles = new ArrayList<>();
    CapacityModel model = CapacityModel.defaults();
    Path outDir = Path.of("simulation-out");
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        out.print(HELP);
        return 0;
      }
      if (i + 1 >= args.length) {
        throw new ScalingPolicyException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--trace" -> traceFile = value;
        case "--generate" -> generate = value;
        case "--days" -> days = positive(option, value);
        case "--step" -> step = PolicyConfig.duration(option, value);
        case "--noise" -> noise = Double.parseDouble(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--policy" -> policyFiles.add(value);
        case "--per-instance" -> model = model.withPerInstance(Double.parseDouble(value));
        case "--startup" -> model = model.withStartupDelay(PolicyConfig.duration(option, value));
        case "--warm-pool" ->
            model = model.withWarmPool(Integer.parseInt(value), model.warmStartDelay());
        case "--warm-start" ->
            model = model.withWarmPool(model.warmPool(), PolicyConfig.duration(option, value));
        case "--period" -> model = model.withEvaluationPeriod(PolicyConfig.duration(option, value));
        case "--initial" -> model = model.withInitialInstances(Integer.parseInt(value));
        case "--out" -> outDir = Path.of(value);
        default -> throw new ScalingPolicyException("unknown option " + option);
      }
    }

    LoadTrace trace = trace(traceFile, generate, days, step);
    if (noise > 0) {
      trace = trace.withNoise(noise, seed);
    }
    List<PolicyConfig.Named> policies = new ArrayList<>();
    for (String file : policyFiles) {
      Path path = Path.of(file);
      String name = path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
      try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        policies.add(PolicyConfig.read(r, name));
      }
    }
    if (policies.isEmpty()) {
      policies.add(
          new PolicyConfig.Named(
              "target-tracking-60",
              Autoscaler.builder(new CapacityLimits(1, 100))
                  .policy(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build())
                  .build()));
    }

    Files.createDirectories(outDir);
    Simulator simulator = new Simulator(model);
    List<SimulationReport> reports = new ArrayList<>();
    StringBuilder csv = new StringBuilder(SimulationReport.CSV_HEADER).append('\n');
    StringBuilder json = new StringBuilder("[");
    boolean longRun = trace.size() > 100_000;
    for (PolicyConfig.Named policy : policies) {
      SimulationResult result =
          simulator.run(
              trace,
              policy.autoscaler(),
              policy.name(),
              percent -> {
                if (longRun) {
                  err.printf(Locale.ROOT, "simulating %s: %d%%%n", policy.name(), percent);
                }
              });
      reports.add(result.report());
      Path chart = outDir.resolve(safe(policy.name()) + ".svg");
      Files.writeString(chart, SvgChart.render(result), StandardCharsets.UTF_8);
      out.print(result.report().toText());
      out.println("chart                     " + chart.toAbsolutePath());
      out.println();
      csv.append(result.report().csvRow()).append('\n');
      json.append(json.length() > 1 ? "," : "").append(result.report().toJson());
    }
    StringBuilder text = new StringBuilder();
    for (SimulationReport r : reports) {
      text.append(r.toText()).append(System.lineSeparator());
    }
    if (reports.size() > 1) {
      String comparison = SimulationReport.compare(reports);
      out.println(comparison);
      text.append(comparison);
    }
    Files.writeString(outDir.resolve("report.txt"), text, StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("report.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("report.json"), json.append("]\n"), StandardCharsets.UTF_8);
    out.println("reports in " + outDir.toAbsolutePath());
    return 0;
  }

  private static LoadTrace trace(@Nullable String file, String generate, int days, Duration step)
      throws IOException {
    if (file != null) {
      try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
        return LoadTrace.fromCsv(r, step);
      }
    }
    Duration length = Duration.ofDays(days);
    return switch (generate) {
      case "diurnal" -> LoadTrace.diurnal(days, step, 100, 1000);
      case "spike" ->
          LoadTrace.spike(
              length, step, 200, 1500, length.multipliedBy(2).dividedBy(5), Duration.ofMinutes(10));
      case "ramp" -> LoadTrace.ramp(length, step, 100, 1000);
      case "step" -> LoadTrace.step(length, step, 200, 600, length.dividedBy(2));
      case "constant" -> LoadTrace.constant(length, step, 300);
      default ->
          throw new ScalingPolicyException(
              "--generate must be diurnal, spike, ramp, step or constant, got '" + generate + "'");
    };
  }

  private static int positive(String option, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new ScalingPolicyException(option + " must be at least 1, got " + n);
    }
    return n;
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
