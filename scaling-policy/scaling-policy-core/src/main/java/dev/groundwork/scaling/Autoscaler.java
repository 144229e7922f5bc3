package dev.groundwork.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Combines scaling policies into one decision, as AWS Auto Scaling combines the policies of a group
 * (Foundations §3).
 *
 * <p>Each policy recommends a capacity (or abstains). The autoscaler scales out if any policy
 * recommends more than the current capacity, to the largest recommendation; it scales in only if
 * every policy with an opinion (and scale-in enabled) recommends less, to the largest of those;
 * otherwise it holds. Then the scheduled minimums apply, then the capacity limits. The decision
 * names every rule that held or shaped it.
 *
 * <pre>{@code
 * Autoscaler autoscaler = Autoscaler.builder(new CapacityLimits(2, 40))
 *     .policy(TargetTrackingPolicy.builder("cpu").target("cpu", 60).build())
 *     .build();
 * AutoscalerState state = AutoscalerState.initial();
 * Decision d = autoscaler.decide(ScalingInput.of(now, 10, "cpu", Metric.average(84, 10)), state);
 * state = d.state();   // feed it to the next evaluation
 * }</pre>
 *
 * <p>Immutable and thread-safe; a decision depends only on its input and the state passed in.
 */
public final class Autoscaler {

  private final CapacityLimits limits;
  private final List<ScalingPolicy> policies;
  private final List<ScheduledCapacity> schedules;
  private final Duration memory;

  private Autoscaler(Builder b) {
    this.limits = b.limits;
    this.policies = List.copyOf(b.policies);
    this.schedules = List.copyOf(b.schedules);
    this.memory =
        policies.stream()
            .map(ScalingPolicy::memory)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ZERO);
  }

  /**
   * Starts a builder.
   *
   * @param limits the bounds every decision stays within
   * @return a builder
   */
  public static Builder builder(CapacityLimits limits) {
    return new Builder(Objects.requireNonNull(limits, "limits"));
  }

  /**
   * The capacity limits.
   *
   * @return the limits
   */
  public CapacityLimits limits() {
    return limits;
  }

  /**
   * The policies, in the order they were added.
   *
   * @return the policies
   */
  public List<ScalingPolicy> policies() {
    return policies;
  }

  /**
   * Decides the capacity for one evaluation.
   *
   * @param input the time, current capacity and metrics
   * @param state the state the previous decision returned, or {@link AutoscalerState#initial()}
   * @return the decision, with the state for the next evaluation
   */
  public Decision decide(ScalingInput input, AutoscalerState state) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(state, "state");
    int current = input.currentCapacity();
    List<Recommendation> recommendations = new ArrayList<>(policies.size());
    Map<String, Integer> raw = new HashMap<>();
    for (ScalingPolicy policy : policies) {
      if (policy instanceof TargetTrackingPolicy tt) {
        TargetTrackingPolicy.Evaluation e = tt.evaluate(input, state);
        recommendations.add(e.recommendation());
        if (e.raw() != null) {
          raw.put(tt.name(), e.raw());
        }
      } else {
        recommendations.add(policy.recommend(input, state));
      }
    }

    List<Constraint> constraints = new ArrayList<>();
    int desired = combine(current, recommendations, constraints);

    int scheduledMin = 0;
    for (ScheduledCapacity s : schedules) {
      if (s.isActive(input.now())) {
        scheduledMin = Math.max(scheduledMin, s.minCapacity());
      }
    }
    if (desired < scheduledMin) {
      constraints.add(
          new Constraint(
              Limit.SCHEDULED_MINIMUM,
              "raised from " + desired + " to the scheduled minimum " + scheduledMin));
      desired = scheduledMin;
    }
    if (desired < limits.min()) {
      constraints.add(
          new Constraint(
              Limit.MIN_CAPACITY, "raised from " + desired + " to min capacity " + limits.min()));
    } else if (desired > limits.max()) {
      constraints.add(
          new Constraint(
              Limit.MAX_CAPACITY, "lowered from " + desired + " to max capacity " + limits.max()));
    }
    desired = limits.clamp(desired);

    Instant now = input.now();
    ScaleEvent event = desired != current ? new ScaleEvent(now, desired - current) : null;
    AutoscalerState next = state.next(event, raw, now, now.minus(memory));
    return new Decision(now, current, desired, recommendations, constraints, next);
  }

  /** Out if any policy says so; in only if every voting policy does; else hold. */
  private static int combine(
      int current, List<Recommendation> recommendations, List<Constraint> constraints) {
    int highest = Integer.MIN_VALUE;
    boolean anyOpinion = false;
    boolean allWantIn = true;
    int highestIn = Integer.MIN_VALUE;
    List<String> holding = new ArrayList<>();
    for (Recommendation r : recommendations) {
      if (r.capacity().isEmpty()) {
        continue;
      }
      int c = r.capacity().getAsInt();
      highest = Math.max(highest, c);
      if (r.abstainsFromScaleIn() && c == current) {
        continue;
      }
      anyOpinion = true;
      if (c < current) {
        highestIn = Math.max(highestIn, c);
      } else {
        allWantIn = false;
        holding.add(r.policy());
      }
    }
    if (highest > current) {
      return highest;
    }
    if (anyOpinion && allWantIn) {
      return highestIn;
    }
    if (highestIn != Integer.MIN_VALUE) {
      constraints.add(
          new Constraint(
              Limit.COMPOSITION,
              "scale-in to " + highestIn + " not done: " + holding + " do(es) not agree"));
    }
    return current;
  }

  /** Builds an {@link Autoscaler}. */
  public static final class Builder {
    private final CapacityLimits limits;
    private final List<ScalingPolicy> policies = new ArrayList<>();
    private final List<ScheduledCapacity> schedules = new ArrayList<>();

    private Builder(CapacityLimits limits) {
      this.limits = limits;
    }

    /**
     * Adds a policy.
     *
     * @param policy a step or target-tracking policy with a name unique in this autoscaler
     * @return this builder
     */
    public Builder policy(ScalingPolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Adds a scheduled minimum.
     *
     * @param schedule the window and its minimum capacity
     * @return this builder
     */
    public Builder schedule(ScheduledCapacity schedule) {
      schedules.add(Objects.requireNonNull(schedule, "schedule"));
      return this;
    }

    /**
     * Validates and builds the autoscaler.
     *
     * @return the autoscaler
     * @throws ScalingPolicyException if two policies share a name or a scheduled minimum exceeds
     *     the max capacity
     */
    public Autoscaler build() {
      Set<String> names = new HashSet<>();
      for (ScalingPolicy p : policies) {
        if (!names.add(p.name())) {
          throw new ScalingPolicyException("two policies are named '" + p.name() + "'");
        }
      }
      for (ScheduledCapacity s : schedules) {
        if (s.minCapacity() > limits.max()) {
          throw new ScalingPolicyException(
              "scheduled minimum " + s.minCapacity() + " exceeds max capacity " + limits.max());
        }
      }
      return new Autoscaler(this);
    }
  }
}
