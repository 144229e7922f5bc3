package dev.groundwork.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A step scaling policy with the semantics of AWS Auto Scaling step policies (Foundations §3: "step
 * scaling").
 *
 * <p>An alarm compares one metric with a threshold. While it is breached, the step whose range
 * holds the metric's distance from the threshold says how to change capacity. New capacity warms
 * up: during the warm-up it counts toward the next scale-out, so the same step hit again does not
 * add again, and a higher step adds only the difference. A scale-in cooldown, if set, holds further
 * scale-ins for that long after one.
 *
 * <pre>{@code
 * StepScalingPolicy cpuHigh = StepScalingPolicy.builder("cpu-high", "cpu")
 *     .alarm(Comparison.GREATER_THAN_OR_EQUAL, 50)
 *     .adjustmentType(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY)
 *     .step(StepAdjustment.between(0, 10, 0))
 *     .step(StepAdjustment.between(10, 20, 10))
 *     .step(StepAdjustment.from(20, 30))
 *     .warmup(Duration.ofSeconds(300))
 *     .build();
 * }</pre>
 */
public final class StepScalingPolicy implements ScalingPolicy {

  private final String name;
  private final String metric;
  private final Comparison comparison;
  private final double threshold;
  private final AdjustmentType adjustmentType;
  private final List<StepAdjustment> steps;
  private final int minAdjustmentMagnitude;
  private final Duration warmup;
  private final Duration scaleInCooldown;

  private StepScalingPolicy(Builder b, List<StepAdjustment> steps) {
    this.name = b.name;
    this.metric = b.metric;
    this.comparison = b.comparison;
    this.threshold = b.threshold;
    this.adjustmentType = b.adjustmentType;
    this.steps = steps;
    this.minAdjustmentMagnitude = b.minAdjustmentMagnitude;
    this.warmup = b.warmup;
    this.scaleInCooldown = b.scaleInCooldown;
  }

  /**
   * Starts a builder.
   *
   * @param name the policy's name, unique within an autoscaler
   * @param metric the metric the alarm watches
   * @return a builder
   */
  public static Builder builder(String name, String metric) {
    return new Builder(name, metric);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The steps, ordered from the threshold outwards.
   *
   * @return the validated steps
   */
  public List<StepAdjustment> steps() {
    return steps;
  }

  /**
   * The longest time this policy looks back into the state.
   *
   * @return the longer of warm-up and scale-in cooldown
   */
  @Override
  public Duration memory() {
    return Collections.max(List.of(warmup, scaleInCooldown));
  }

  @Override
  public Recommendation recommend(ScalingInput input, AutoscalerState state) {
    Metric m = input.metrics().get(metric);
    if (m == null) {
      return none(Limit.MISSING_METRIC, "metric '" + metric + "' was not observed: no action");
    }
    double value = m.value();
    if (!comparison.isBreached(value, threshold)) {
      return none(
          Limit.ALARM_NOT_BREACHED,
          metric + " " + fmt(value) + " does not breach " + symbol() + " " + fmt(threshold));
    }
    double distance = value - threshold;
    StepAdjustment step = null;
    for (StepAdjustment s : steps) {
      if (s.contains(distance, comparison.isUpper())) {
        step = s;
        break;
      }
    }
    if (step == null) {
      // Validation makes the steps cover the whole breach side; this cannot happen.
      throw new IllegalStateException("no step of " + name + " holds distance " + distance);
    }
    int current = input.currentCapacity();
    Instant now = input.now();
    int warming = Math.min(current, state.addedSince(now.minus(warmup)));
    boolean adding =
        adjustmentType == AdjustmentType.EXACT_CAPACITY
            ? step.adjustment() > current
            : step.adjustment() > 0;
    // Capacity still warming up counts toward a scale-out: steps are measured from the capacity
    // that has finished warming, and the result never goes below what was already asked for.
    int base = adding ? current - warming : current;
    long target =
        switch (adjustmentType) {
          case CHANGE_IN_CAPACITY -> (long) base + (long) step.adjustment();
          case EXACT_CAPACITY -> (long) step.adjustment();
          case PERCENT_CHANGE_IN_CAPACITY ->
              (long) base + percentChange(base, step.adjustment(), minAdjustmentMagnitude);
        };
    int desired = (int) Math.max(0, Math.min(CapacityLimits.LARGEST, target));
    String stepText = "step " + step + " of " + metric + " " + fmt(value);
    List<Constraint> constraints = new ArrayList<>();
    if (desired > current) {
      if (warming > 0) {
        constraints.add(
            new Constraint(
                Limit.WARM_UP,
                warming
                    + " warming instance(s) counted toward "
                    + stepText
                    + ": adds "
                    + (desired - current)));
      }
      return new Recommendation(name, OptionalInt.of(desired), constraints);
    }
    if (desired < current) {
      Instant lastIn = state.lastScaleIn();
      if (!scaleInCooldown.isZero()
          && lastIn != null
          && lastIn.plus(scaleInCooldown).isAfter(now)) {
        constraints.add(
            new Constraint(
                Limit.COOLDOWN,
                "scale-in to "
                    + desired
                    + " held by the "
                    + scaleInCooldown.toSeconds()
                    + " s scale-in cooldown"));
        return new Recommendation(name, OptionalInt.of(current), constraints);
      }
      return new Recommendation(name, OptionalInt.of(desired), constraints);
    }
    if (adding && warming > 0) {
      constraints.add(
          new Constraint(
              Limit.WARM_UP, warming + " warming instance(s) already answer " + stepText));
    }
    return new Recommendation(name, OptionalInt.of(current), constraints);
  }

  /** AWS's rounding of a percent change: truncate toward zero, but never round a change to 0. */
  static int percentChange(int base, double percent, int minMagnitude) {
    double raw = base * percent / 100.0;
    int change;
    if (raw > 0) {
      change = Math.max(1, (int) Math.floor(raw));
    } else if (raw < 0) {
      change = Math.min(-1, (int) Math.ceil(raw));
    } else {
      return 0;
    }
    return Integer.signum(change) * Math.max(Math.abs(change), minMagnitude);
  }

  private Recommendation none(Limit limit, String detail) {
    return new Recommendation(name, OptionalInt.empty(), List.of(new Constraint(limit, detail)));
  }

  private String symbol() {
    return switch (comparison) {
      case GREATER_THAN_OR_EQUAL -> "≥";
      case GREATER_THAN -> ">";
      case LESS_THAN -> "<";
      case LESS_THAN_OR_EQUAL -> "≤";
    };
  }

  private static String fmt(double d) {
    double rounded = Math.round(d * 1000) / 1000.0;
    return rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15
        ? Long.toString((long) rounded)
        : Double.toString(rounded);
  }

  @Override
  public String toString() {
    return "StepScalingPolicy{"
        + name
        + ": "
        + metric
        + " "
        + symbol()
        + " "
        + fmt(threshold)
        + ", "
        + adjustmentType
        + " "
        + steps
        + "}";
  }

  /** Builds a {@link StepScalingPolicy}; {@link #build()} validates the step table. */
  public static final class Builder {
    private final String name;
    private final String metric;
    private Comparison comparison = Comparison.GREATER_THAN_OR_EQUAL;
    private double threshold = Double.NaN;
    private AdjustmentType adjustmentType = AdjustmentType.CHANGE_IN_CAPACITY;
    private final List<StepAdjustment> steps = new ArrayList<>();
    private int minAdjustmentMagnitude;
    private Duration warmup = Duration.ZERO;
    private Duration scaleInCooldown = Duration.ZERO;

    private Builder(String name, String metric) {
      this.name = Names.require(name);
      this.metric = Names.require(metric);
    }

    /**
     * The alarm. Required.
     *
     * @param comparison how the metric is compared; {@code GREATER_*} alarms scale on values above
     *     the threshold, {@code LESS_*} alarms on values below it
     * @param threshold a finite threshold
     * @return this builder
     */
    public Builder alarm(Comparison comparison, double threshold) {
      this.comparison = Objects.requireNonNull(comparison, "comparison");
      this.threshold = threshold;
      return this;
    }

    /**
     * How steps change capacity. Default {@link AdjustmentType#CHANGE_IN_CAPACITY}.
     *
     * @param adjustmentType the type
     * @return this builder
     */
    public Builder adjustmentType(AdjustmentType adjustmentType) {
      this.adjustmentType = Objects.requireNonNull(adjustmentType, "adjustmentType");
      return this;
    }

    /**
     * Adds a step. Steps must cover the breach side of the threshold without gaps or overlaps:
     * {@code [0, +∞)} for a {@code GREATER_*} alarm, {@code (-∞, 0]} for a {@code LESS_*} one.
     *
     * @param step the step
     * @return this builder
     */
    public Builder step(StepAdjustment step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * For percent adjustments, the least number of instances a step changes. Default 0 (none).
     *
     * @param minAdjustmentMagnitude 0 or more; only with {@link
     *     AdjustmentType#PERCENT_CHANGE_IN_CAPACITY}
     * @return this builder
     */
    public Builder minAdjustmentMagnitude(int minAdjustmentMagnitude) {
      this.minAdjustmentMagnitude = minAdjustmentMagnitude;
      return this;
    }

    /**
     * How long new capacity warms up, counting toward the next scale-out meanwhile. Default 0.
     *
     * @param warmup zero or positive
     * @return this builder
     */
    public Builder warmup(Duration warmup) {
      this.warmup = Objects.requireNonNull(warmup, "warmup");
      return this;
    }

    /**
     * How long after a scale-in further scale-ins are held. Default 0 (none).
     *
     * @param scaleInCooldown zero or positive
     * @return this builder
     */
    public Builder scaleInCooldown(Duration scaleInCooldown) {
      this.scaleInCooldown = Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
      return this;
    }

    /**
     * Validates the options and the step table and builds the policy.
     *
     * @return the policy
     * @throws ScalingPolicyException naming the option or the offending steps
     */
    public StepScalingPolicy build() {
      if (!Double.isFinite(threshold)) {
        throw new ScalingPolicyException(
            name + ": alarm(comparison, threshold) is required, with a finite threshold");
      }
      if (warmup.isNegative() || scaleInCooldown.isNegative()) {
        throw new ScalingPolicyException(
            name + ": warmup and scaleInCooldown must not be negative");
      }
      if (minAdjustmentMagnitude < 0) {
        throw new ScalingPolicyException(
            name + ": minAdjustmentMagnitude must be at least 0, got " + minAdjustmentMagnitude);
      }
      if (minAdjustmentMagnitude > 0
          && adjustmentType != AdjustmentType.PERCENT_CHANGE_IN_CAPACITY) {
        throw new ScalingPolicyException(
            name + ": minAdjustmentMagnitude applies only to PERCENT_CHANGE_IN_CAPACITY");
      }
      if (steps.isEmpty()) {
        throw new ScalingPolicyException(name + ": at least one step is required");
      }
      for (int i = 0; i < steps.size(); i++) {
        double adjustment = steps.get(i).adjustment();
        if (adjustmentType != AdjustmentType.PERCENT_CHANGE_IN_CAPACITY
            && adjustment != Math.rint(adjustment)) {
          throw new ScalingPolicyException(
              name
                  + ": step "
                  + (i + 1)
                  + " "
                  + steps.get(i)
                  + " needs a whole adjustment for "
                  + adjustmentType);
        }
        if (adjustmentType == AdjustmentType.EXACT_CAPACITY && adjustment < 0) {
          throw new ScalingPolicyException(
              name + ": step " + (i + 1) + " sets a negative exact capacity");
        }
      }
      return new StepScalingPolicy(this, validatedSteps());
    }

    /**
     * Orders the steps from the threshold outwards and checks that they tile the breach side:
     * starting at the threshold, each starting where the previous ended, the last one open.
     */
    private List<StepAdjustment> validatedSteps() {
      boolean upper = comparison.isUpper();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        StepAdjustment s = steps.get(i);
        if (upper ? s.lowerBound() == null : s.upperBound() == null) {
          throw new ScalingPolicyException(
              name
                  + ": step "
                  + label(i)
                  + " is open toward the threshold; for a "
                  + comparison
                  + " alarm every step needs its "
                  + (upper ? "lower" : "upper")
                  + " bound");
        }
        order.add(i);
      }
      // Above the threshold: by lower bound, ascending. Below it: by upper bound, descending.
      order.sort(
          Comparator.comparingDouble(
              i ->
                  upper
                      ? boundOrZero(steps.get(i).lowerBound())
                      : -boundOrZero(steps.get(i).upperBound())));
      double start = 0;
      for (int k = 0; k < order.size(); k++) {
        int i = order.get(k);
        StepAdjustment s = steps.get(i);
        double near = upper ? boundOrZero(s.lowerBound()) : boundOrZero(s.upperBound());
        @Nullable Double far = upper ? s.upperBound() : s.lowerBound();
        if (k == 0 && near != 0) {
          throw new ScalingPolicyException(
              name
                  + ": gap between the threshold and step "
                  + label(i)
                  + "; the first step must start at 0 so that every breach matches a step");
        }
        if (k > 0) {
          int prev = order.get(k - 1);
          if (near != start) {
            boolean overlap = upper ? near < start : near > start;
            throw new ScalingPolicyException(
                name
                    + ": steps "
                    + label(prev)
                    + " and "
                    + label(i)
                    + (overlap ? " overlap" : " leave a gap")
                    + "; each step must start where the previous one ends");
          }
        }
        if (far == null) {
          if (k != order.size() - 1) {
            throw new ScalingPolicyException(
                name
                    + ": step "
                    + label(i)
                    + " is open-ended but step "
                    + label(order.get(k + 1))
                    + " lies beyond it; the steps overlap");
          }
        } else {
          if (k == order.size() - 1) {
            throw new ScalingPolicyException(
                name
                    + ": the last step "
                    + label(i)
                    + " must be open-ended ("
                    + (upper ? "upper" : "lower")
                    + " bound null) so that every breach matches a step");
          }
          start = far;
        }
      }
      List<StepAdjustment> ordered = new ArrayList<>();
      for (int i : order) {
        ordered.add(steps.get(i));
      }
      return List.copyOf(ordered);
    }

    private String label(int i) {
      return (i + 1)
          + " "
          + StepAdjustment.describe(steps.get(i).lowerBound(), steps.get(i).upperBound());
    }

    private static double boundOrZero(@Nullable Double d) {
      return d == null ? 0 : d;
    }
  }
}
