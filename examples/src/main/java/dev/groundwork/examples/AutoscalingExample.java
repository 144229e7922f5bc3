package dev.groundwork.examples;

import dev.groundwork.scaling.AdjustmentType;
import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.AutoscalerState;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.Comparison;
import dev.groundwork.scaling.Decision;
import dev.groundwork.scaling.Metric;
import dev.groundwork.scaling.ScalingInput;
import dev.groundwork.scaling.ScheduledCapacity;
import dev.groundwork.scaling.StepAdjustment;
import dev.groundwork.scaling.StepScalingPolicy;
import dev.groundwork.scaling.TargetTrackingPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three policies on one service through a lunchtime spike (Foundations §3): CPU target tracking
 * with Kubernetes HPA semantics, a queue backlog per instance, an AWS-style step policy for sudden
 * overload, and a scheduled minimum before the known peak. Capacity follows decisions immediately
 * here (no start-up delay); the simulator module models that.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java -DskipTests -Dexec.args=scaling}.
 */
public final class AutoscalingExample {

  /** Requests one instance serves at 100 % CPU. */
  static final double PER_INSTANCE = 100;

  private AutoscalingExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * The autoscaler of the example.
   *
   * @return the autoscaler
   */
  static Autoscaler autoscaler() {
    return Autoscaler.builder(new CapacityLimits(2, 40))
        .policy(TargetTrackingPolicy.builder("cpu-60").target("cpu", 60).build())
        .policy(TargetTrackingPolicy.builder("backlog").target("queue", 50).scaleIn(false).build())
        .policy(
            StepScalingPolicy.builder("cpu-overload", "cpu")
                .alarm(Comparison.GREATER_THAN_OR_EQUAL, 90)
                .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
                .step(StepAdjustment.between(0, 10, 20))
                .step(StepAdjustment.from(10, 50))
                .minAdjustmentMagnitude(2)
                .warmup(Duration.ofMinutes(3))
                .build())
        .schedule(
            ScheduledCapacity.daily(LocalTime.of(11, 45), LocalTime.of(13, 30), ZoneOffset.UTC, 8))
        .build();
  }

  /**
   * Replays 11:00–14:00 at one decision a minute and prints the decisions that changed capacity.
   *
   * @param out where the account goes
   * @return the capacity after each minute
   */
  static List<Integer> run(PrintStream out) {
    out.println("== Autoscaling through a lunchtime spike (Foundations §3) ==");
    Autoscaler autoscaler = autoscaler();
    AutoscalerState state = AutoscalerState.initial();
    Instant start = Instant.parse("2026-03-02T11:00:00Z");
    int capacity = 3;
    List<Integer> capacities = new ArrayList<>();
    for (int minute = 0; minute <= 180; minute++) {
      Instant now = start.plus(Duration.ofMinutes(minute));
      double demand = demand(minute);
      double cpu = Math.min(100, 100 * demand / (capacity * PER_INSTANCE));
      double queue = Math.max(0, demand - capacity * PER_INSTANCE) * 2;
      Decision d =
          autoscaler.decide(
              new ScalingInput(
                  now,
                  capacity,
                  Map.of("cpu", Metric.average(cpu, capacity), "queue", Metric.total(queue))),
              state);
      if (d.isChange()) {
        out.printf(
            "   %s demand %4.0f cpu %3.0f%% queue %5.0f  %s%n",
            now.toString().substring(11, 16), demand, cpu, queue, d.explain());
      }
      state = d.state();
      capacity = d.desiredCapacity();
      capacities.add(capacity);
    }
    out.println("   capacity at 14:00: " + capacity);
    return capacities;
  }

  /** Requests per second: a baseline, a ramp from 12:00, a flash spike at 12:30, calm by 13:30. */
  static double demand(int minute) {
    double base = 150;
    if (minute >= 60 && minute < 150) {
      base += Math.min(minute - 60, 30) * 15; // ramp to +450 by 12:30
    }
    if (minute >= 90 && minute < 100) {
      base += 800; // the flash spike
    }
    return base;
  }
}
