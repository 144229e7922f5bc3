package dev.groundwork.scaling.simulator;

import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.AutoscalerState;
import dev.groundwork.scaling.Decision;
import dev.groundwork.scaling.Metric;
import dev.groundwork.scaling.ScalingInput;
import dev.groundwork.scaling.ScalingPolicyException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Replays a {@link LoadTrace} through an {@link Autoscaler} and a {@link CapacityModel}, one trace
 * step at a time.
 *
 * <p>Each step: instances whose start-up has finished become ready; demand meets the ready
 * capacity, and what exceeds it joins a backlog that is served when capacity allows; cost, SLO
 * violations and latency are accounted. Every evaluation period the autoscaler sees the period's
 * average utilisation ({@code "cpu"}, percent, with not-ready instances counted as such), the
 * backlog at that moment ({@code "queue"}, requests) and the period's average demand ({@code
 * "rps"}, requests per second, a total), and its decision starts or stops instances. Immutable and
 * thread-safe: one simulator can run many policies at once.
 */
public final class Simulator {

  /** The metric names the simulator provides to policies. */
  public static final String CPU = "cpu";

  /** Backlog, requests waiting. */
  public static final String QUEUE = "queue";

  /** Average demand over the period, requests per second. */
  public static final String RPS = "rps";

  private final CapacityModel model;

  /**
   * Creates a simulator.
   *
   * @param model the capacity model
   */
  public Simulator(CapacityModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * The capacity model.
   *
   * @return the model
   */
  public CapacityModel model() {
    return model;
  }

  /**
   * Runs one policy over a trace.
   *
   * @param trace the load
   * @param autoscaler the policy under test
   * @param name a name for the report and chart
   * @return the result: time series, actions and report
   * @throws ScalingPolicyException if the evaluation period is not a whole multiple of the trace's
   *     step
   */
  public SimulationResult run(LoadTrace trace, Autoscaler autoscaler, String name) {
    return run(trace, autoscaler, name, percent -> {});
  }

  /**
   * Runs one policy over a trace, reporting progress.
   *
   * @param trace the load
   * @param autoscaler the policy under test
   * @param name a name for the report and chart
   * @param progress called with 10, 20, … 100 as the run advances
   * @return the result
   * @throws ScalingPolicyException if the evaluation period is not a whole multiple of the trace's
   *     step
   */
  public SimulationResult run(
      LoadTrace trace, Autoscaler autoscaler, String name, IntConsumer progress) {
    long stepNanos = trace.step().toNanos();
    long periodNanos = model.evaluationPeriod().toNanos();
    if (periodNanos % stepNanos != 0) {
      throw new ScalingPolicyException(
          "the evaluation period ("
              + model.evaluationPeriod()
              + ") must be a whole multiple of the trace's step ("
              + trace.step()
              + ")");
    }
    int stepsPerPeriod = (int) (periodNanos / stepNanos);
    double dt = stepNanos / 1e9;
    double mu = model.perInstance();
    int n = trace.size();

    double[] demand = new double[n];
    double[] capacity = new double[n];
    int[] desiredSeries = new int[n];
    List<SimulationResult.Action> actions = new ArrayList<>();

    // Instances: ready, starting (with their ready times), and the warm pool.
    int ready = model.initialInstances();
    ArrayDeque<Long> starting = new ArrayDeque<>(); // ready-at, in nanos from the start, ascending
    int poolWarm = model.warmPool();
    ArrayDeque<Long> poolRefills = new ArrayDeque<>();
    AutoscalerState state = AutoscalerState.initial();

    double backlog = 0;
    double totalRequests = 0;
    double overCapacity = 0;
    double violationSeconds = 0;
    double instanceSeconds = 0;
    double overProvisionedSeconds = 0;
    int peak = ready;
    Map<Long, double[]> latencyBuckets = new HashMap<>(); // (c, λ) → {c, λ, requests}
    double timedOutRequests = 0;

    double utilisationSum = 0;
    int utilisationCount = 0;
    double demandSum = 0;
    int nextReport = 10;

    for (int i = 0; i < n; i++) {
      long nowNanos = i * stepNanos;
      Instant now = trace.start().plusNanos(nowNanos);
      while (!starting.isEmpty() && starting.peekFirst() <= nowNanos) {
        starting.pollFirst();
        ready++;
      }
      while (!poolRefills.isEmpty() && poolRefills.peekFirst() <= nowNanos) {
        poolRefills.pollFirst();
        poolWarm++;
      }

      if (i > 0 && i % stepsPerPeriod == 0) {
        Map<String, Metric> metrics = new HashMap<>();
        if (ready > 0 && utilisationCount > 0) {
          metrics.put(
              CPU,
              Metric.average(utilisationSum / utilisationCount, ready)
                  .withNotReady(starting.size()));
        }
        metrics.put(QUEUE, Metric.total(backlog));
        metrics.put(RPS, Metric.total(demandSum / stepsPerPeriod));
        int current = ready + starting.size();
        Decision d = autoscaler.decide(new ScalingInput(now, current, metrics), state);
        state = d.state();
        int desired = d.desiredCapacity();
        if (desired > current) {
          for (int k = current; k < desired; k++) {
            if (poolWarm > 0) {
              poolWarm--;
              insertSorted(starting, nowNanos + model.warmStartDelay().toNanos());
              poolRefills.addLast(nowNanos + model.startupDelay().toNanos());
            } else {
              insertSorted(starting, nowNanos + model.startupDelay().toNanos());
            }
          }
        } else if (desired < current) {
          for (int k = desired; k < current; k++) {
            if (!starting.isEmpty()) {
              starting.pollLast(); // stop the newest launch first
            } else {
              ready--;
            }
          }
        }
        if (desired != current) {
          actions.add(new SimulationResult.Action(now, i, current, desired, d.explain()));
        }
        utilisationSum = 0;
        utilisationCount = 0;
        demandSum = 0;
      }

      double d = trace.demand(i);
      double cap = ready * mu;
      demand[i] = d;
      capacity[i] = cap;
      desiredSeries[i] = ready + starting.size();
      peak = Math.max(peak, desiredSeries[i]);

      double arrivals = d * dt;
      totalRequests += arrivals;
      if (d > cap) {
        overCapacity += (d - cap) * dt;
        violationSeconds += dt;
        timedOutRequests += arrivals;
      } else if (arrivals > 0) {
        long key = ready * 1_000_000_000_000L + Math.round(d * 100);
        double[] bucket = latencyBuckets.computeIfAbsent(key, k -> new double[] {0, 0, 0});
        bucket[0] = ready;
        bucket[1] = Math.round(d * 100) / 100.0;
        bucket[2] += arrivals;
      }
      backlog = Math.max(0, backlog + (d - cap) * dt);
      instanceSeconds += (ready + starting.size()) * dt;
      overProvisionedSeconds += Math.max(0, ready - Math.ceil(d / mu)) * dt;
      if (ready > 0) {
        utilisationSum += Math.min(100, 100 * d / cap);
        utilisationCount++;
      }
      demandSum += d;

      int percent = (int) ((i + 1L) * 100 / n);
      if (percent >= nextReport) {
        progress.accept(nextReport);
        nextReport += 10;
      }
    }

    int reversals = 0;
    for (int a = 1; a < actions.size(); a++) {
      if (Integer.signum(actions.get(a).delta()) != Integer.signum(actions.get(a - 1).delta())) {
        reversals++;
      }
    }
    LatencyModel latency =
        new LatencyModel(mu, model.timeout(), latencyBuckets.values(), timedOutRequests);
    SimulationReport report =
        new SimulationReport(
            name,
            n,
            Duration.ofNanos(n * stepNanos),
            totalRequests,
            overCapacity,
            Duration.ofNanos((long) (violationSeconds * 1e9)),
            instanceSeconds / 3600,
            overProvisionedSeconds / 3600,
            actions.size(),
            reversals,
            peak,
            latency.percentile(0.50),
            latency.percentile(0.95),
            latency.percentile(0.99));
    return new SimulationResult(trace, model, demand, capacity, desiredSeries, actions, report);
  }

  private static void insertSorted(ArrayDeque<Long> queue, long value) {
    if (queue.isEmpty() || queue.peekLast() <= value) {
      queue.addLast(value);
      return;
    }
    // Rare (warm-pool starts overtaking cold ones): rebuild in order.
    List<Long> all = new ArrayList<>(queue);
    all.add(value);
    all.sort(null);
    queue.clear();
    queue.addAll(all);
  }
}
