package dev.groundwork.examples;

import dev.groundwork.scaling.AdjustmentType;
import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.Comparison;
import dev.groundwork.scaling.RatePolicy;
import dev.groundwork.scaling.ScalingBehavior;
import dev.groundwork.scaling.ScalingRules;
import dev.groundwork.scaling.SelectPolicy;
import dev.groundwork.scaling.StepAdjustment;
import dev.groundwork.scaling.StepScalingPolicy;
import dev.groundwork.scaling.TargetTrackingPolicy;
import dev.groundwork.scaling.simulator.CapacityModel;
import dev.groundwork.scaling.simulator.LoadTrace;
import dev.groundwork.scaling.simulator.SimulationReport;
import dev.groundwork.scaling.simulator.SimulationResult;
import dev.groundwork.scaling.simulator.Simulator;
import dev.groundwork.scaling.simulator.SvgChart;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A day of diurnal load with a flash spike at 14:00, replayed through three policies (Foundations
 * §3): step scaling, target tracking with the HPA's defaults, and target tracking with a longer
 * scale-in window. Writes one SVG chart per policy and prints them side by side.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java -DskipTests
 * -Dexec.mainClass=dev.groundwork.examples.ScalingSimulationExample}; the charts go to {@code
 * target/scaling-charts} unless a directory is given as the argument.
 */
public final class ScalingSimulationExample {

  private ScalingSimulationExample() {}

  /**
   * Runs the example.
   *
   * @param args optionally the directory for the charts
   * @throws IOException if a chart cannot be written
   */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "target/scaling-charts"), System.out);
  }

  /** The day: 100 to 1000 requests per second, plus 2500 for ten minutes from 14:00. */
  static LoadTrace day() {
    return LoadTrace.diurnal(1, Duration.ofSeconds(10), 100, 1000)
        .withSpike(Duration.ofHours(14), Duration.ofMinutes(10), 2500)
        .withNoise(0.05, 42);
  }

  /** The three policies, by name. */
  static Map<String, Autoscaler> policies() {
    CapacityLimits limits = new CapacityLimits(2, 60);
    Autoscaler step =
        Autoscaler.builder(limits)
            .policy(
                StepScalingPolicy.builder("cpu-high", "cpu")
                    .alarm(Comparison.GREATER_THAN_OR_EQUAL, 70)
                    .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
                    .step(StepAdjustment.between(0, 15, 20))
                    .step(StepAdjustment.from(15, 50))
                    .minAdjustmentMagnitude(1)
                    .warmup(Duration.ofMinutes(3))
                    .build())
            .policy(
                StepScalingPolicy.builder("cpu-low", "cpu")
                    .alarm(Comparison.LESS_THAN_OR_EQUAL, 40)
                    .step(StepAdjustment.upTo(0, -1))
                    .scaleInCooldown(Duration.ofMinutes(5))
                    .build())
            .build();
    Autoscaler tracking =
        Autoscaler.builder(limits)
            .policy(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build())
            .build();
    Autoscaler patient =
        Autoscaler.builder(limits)
            .policy(
                TargetTrackingPolicy.builder("cpu-60-slow-in")
                    .target("cpu", 60)
                    .behavior(
                        new ScalingBehavior(
                            ScalingBehavior.HPA_DEFAULT.scaleUp(),
                            ScalingRules.of(
                                Duration.ofMinutes(20),
                                SelectPolicy.MAX,
                                RatePolicy.percent(10, Duration.ofMinutes(1)))))
                    .build())
            .build();
    return Map.of("step", step, "target-tracking", tracking, "tracking-slow-in", patient);
  }

  /**
   * Simulates the three policies, writes their charts and prints the comparison.
   *
   * @param chartDir where the charts go
   * @param out where the comparison goes
   * @return the reports, in the order step, target-tracking, tracking-slow-in
   * @throws IOException if a chart cannot be written
   */
  static List<SimulationReport> run(Path chartDir, PrintStream out) throws IOException {
    out.println("== Simulating a day with a flash spike (Foundations §3) ==");
    LoadTrace trace = day();
    Simulator simulator =
        new Simulator(CapacityModel.defaults().withStartupDelay(Duration.ofMinutes(3)));
    Files.createDirectories(chartDir);
    Map<String, Autoscaler> policies = policies();
    List<SimulationReport> reports = new ArrayList<>();
    for (String name : List.of("step", "target-tracking", "tracking-slow-in")) {
      SimulationResult result = simulator.run(trace, policies.get(name), name);
      Path chart = chartDir.resolve(name + ".svg");
      Files.writeString(chart, SvgChart.render(result), StandardCharsets.UTF_8);
      reports.add(result.report());
    }
    out.print(SimulationReport.compare(reports));
    out.println(
        "   charts: " + chartDir.toAbsolutePath() + "/{step,target-tracking,tracking-slow-in}.svg");
    return reports;
  }
}
