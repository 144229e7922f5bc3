package dev.groundwork.scaling.simulator;

import java.time.Instant;
import java.util.List;

/** What one run produced: the time series (per trace step), the scaling actions and the report. */
public final class SimulationResult {

  /**
   * A decision that changed the capacity.
   *
   * @param at when
   * @param index the trace step
   * @param from instances before
   * @param to instances after
   * @param explanation the decision in words
   */
  public record Action(Instant at, int index, int from, int to, String explanation) {
    /**
     * The change.
     *
     * @return positive for a scale-out
     */
    public int delta() {
      return to - from;
    }
  }

  private final LoadTrace trace;
  private final CapacityModel model;
  private final double[] demand;
  private final double[] capacity;
  private final int[] desired;
  private final List<Action> actions;
  private final SimulationReport report;

  SimulationResult(
      LoadTrace trace,
      CapacityModel model,
      double[] demand,
      double[] capacity,
      int[] desired,
      List<Action> actions,
      SimulationReport report) {
    this.trace = trace;
    this.model = model;
    this.demand = demand;
    this.capacity = capacity;
    this.desired = desired;
    this.actions = List.copyOf(actions);
    this.report = report;
  }

  /**
   * The trace that was replayed.
   *
   * @return the trace
   */
  public LoadTrace trace() {
    return trace;
  }

  /**
   * The capacity model used.
   *
   * @return the model
   */
  public CapacityModel model() {
    return model;
  }

  /**
   * Demand at a step.
   *
   * @param i the step
   * @return requests per second
   */
  public double demand(int i) {
    return demand[i];
  }

  /**
   * Ready capacity at a step.
   *
   * @param i the step
   * @return requests per second the ready instances serve
   */
  public double capacity(int i) {
    return capacity[i];
  }

  /**
   * Instances asked for at a step (ready and starting).
   *
   * @param i the step
   * @return instances
   */
  public int desired(int i) {
    return desired[i];
  }

  /**
   * The number of steps.
   *
   * @return the trace's size
   */
  public int size() {
    return demand.length;
  }

  /**
   * The actions, in time order.
   *
   * @return the actions
   */
  public List<Action> actions() {
    return actions;
  }

  /**
   * The figures.
   *
   * @return the report
   */
  public SimulationReport report() {
    return report;
  }
}
