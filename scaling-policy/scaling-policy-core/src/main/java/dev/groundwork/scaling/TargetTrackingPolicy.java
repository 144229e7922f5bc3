package dev.groundwork.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A target-tracking policy with the semantics of the Kubernetes Horizontal Pod Autoscaler
 * (Foundations §3: "target tracking").
 *
 * <p>For each metric: {@code desired = ceil(current × value / target)}, unless the ratio is within
 * the tolerance band; instances that did not report are counted at the target when scaling in and
 * at zero when scaling out, instances not ready yet at zero when scaling out, and if filling them
 * in would reverse the direction the policy holds. Several metrics: the largest recommendation; if
 * a metric is missing, no scale-in. Then the stabilisation windows (scale-out takes the lowest
 * recommendation of its window, scale-in the highest of its) and the rate limits of the {@link
 * ScalingBehavior}; or, with {@link Builder#legacyBehavior()}, the HPA's behaviour before v2
 * (5-minute scale-in stabilisation, scale-out at most to {@code max(2 × current, 4)}).
 *
 * <pre>{@code
 * TargetTrackingPolicy cpu = TargetTrackingPolicy.builder("cpu-60")
 *     .target("cpu", 60)
 *     .build();                                  // HPA default behaviour, 10 % tolerance
 * }</pre>
 */
public final class TargetTrackingPolicy implements ScalingPolicy {

  /** The HPA's default tolerance: 10 % either way. */
  public static final double DEFAULT_TOLERANCE = 0.1;

  /** The legacy HPA's scale-in stabilisation window. */
  static final Duration LEGACY_DOWNSCALE_WINDOW = Duration.ofMinutes(5);

  private final String name;
  private final List<MetricTarget> targets;
  private final double scaleUpTolerance;
  private final double scaleDownTolerance;
  private final @Nullable ScalingBehavior behavior;
  private final boolean scaleIn;

  private TargetTrackingPolicy(Builder b) {
    this.name = b.name;
    this.targets = List.copyOf(b.targets);
    this.scaleUpTolerance = b.scaleUpTolerance;
    this.scaleDownTolerance = b.scaleDownTolerance;
    this.behavior = b.legacy ? null : b.behavior;
    this.scaleIn = b.scaleIn;
  }

  /**
   * Starts a builder.
   *
   * @param name the policy's name, unique within an autoscaler
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration memory() {
    ScalingBehavior b = behavior;
    if (b == null) {
      return LEGACY_DOWNSCALE_WINDOW;
    }
    return Collections.max(
        List.of(
            b.scaleUp().stabilizationWindow(),
            b.scaleDown().stabilizationWindow(),
            b.scaleUp().longestPeriod(),
            b.scaleDown().longestPeriod()));
  }

  @Override
  public Recommendation recommend(ScalingInput input, AutoscalerState state) {
    return evaluate(input, state).recommendation();
  }

  /** A recommendation and the raw value the stabilisation window remembers (null: none). */
  record Evaluation(Recommendation recommendation, @Nullable Integer raw) {}

  Evaluation evaluate(ScalingInput input, AutoscalerState state) {
    int current = input.currentCapacity();
    List<Constraint> constraints = new ArrayList<>();
    Integer best = null;
    List<String> missing = new ArrayList<>();
    for (MetricTarget target : targets) {
      Metric m = input.metrics().get(target.metric());
      if (m == null) {
        missing.add(target.metric());
        continue;
      }
      int replicas = replicasFor(target, m, current, constraints);
      best = best == null ? replicas : Math.max(best, replicas);
    }
    if (best == null) {
      constraints.add(
          new Constraint(
              Limit.MISSING_METRIC,
              "no metric of "
                  + targets.stream().map(MetricTarget::metric).toList()
                  + " observed: no opinion"));
      return new Evaluation(new Recommendation(name, OptionalInt.empty(), constraints), null);
    }
    if (!missing.isEmpty() && best < current) {
      constraints.add(
          new Constraint(
              Limit.MISSING_METRIC,
              "scale-in to " + best + " held: metric(s) " + missing + " not observed"));
      best = current;
    }
    int raw = best;
    ScalingBehavior b = behavior;
    int stabilized =
        b == null
            ? legacyStabilize(raw, current, input.now(), state, constraints)
            : stabilize(b, raw, current, input.now(), state, constraints);
    int limited =
        b == null
            ? legacyLimit(stabilized, current, constraints)
            : rateLimit(b, stabilized, current, input.now(), state, constraints);
    if (!scaleIn && limited < current) {
      constraints.add(
          new Constraint(
              Limit.SCALE_IN_DISABLED,
              "scale-in to " + limited + " not done: scale-in is disabled"));
      limited = current;
    }
    return new Evaluation(new Recommendation(name, OptionalInt.of(limited), constraints), raw);
  }

  /** The HPA's replica calculation for one metric. */
  private int replicasFor(MetricTarget t, Metric m, int current, List<Constraint> constraints) {
    double target = t.target();
    if (m.kind() == Metric.Kind.TOTAL) {
      // A total against a per-instance target: ratio over the current capacity, result by division.
      double ratio = current == 0 ? Double.POSITIVE_INFINITY : m.value() / (target * current);
      if (current > 0 && withinTolerance(ratio)) {
        constraints.add(tolerance(t, m.value() / current, ratio));
        return current;
      }
      return ceilToInt(m.value() / target);
    }
    int ready = m.reporting();
    double ratio = m.value() / target;
    boolean scaleUpWithNotReady = m.notReady() > 0 && ratio > 1.0;
    if (!scaleUpWithNotReady && m.missing() == 0) {
      if (withinTolerance(ratio)) {
        constraints.add(tolerance(t, m.value(), ratio));
        return current;
      }
      return ceilToInt(ratio * ready);
    }
    // Fill in the instances without a usable value, conservatively for the direction: missing
    // ones at the target on a scale-in, at 0 on a scale-out; at exactly the target neither, as in
    // the HPA, so that the ready instances decide alone.
    double sum = m.value() * ready;
    int count = ready;
    if (ratio < 1.0) {
      sum += target * m.missing();
      count += m.missing();
    } else if (ratio > 1.0) {
      count += m.missing();
    }
    if (scaleUpWithNotReady) {
      count += m.notReady();
    }
    double newRatio = sum / count / target;
    if (withinTolerance(newRatio)) {
      constraints.add(tolerance(t, sum / count, newRatio));
      return current;
    }
    if ((ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
      constraints.add(
          new Constraint(
              Limit.DIRECTION_REVERSAL,
              t.metric()
                  + ": counting "
                  + m.missing()
                  + " missing and "
                  + m.notReady()
                  + " not-ready instance(s) would reverse the direction: hold"));
      return current;
    }
    int replicas = ceilToInt(newRatio * count);
    if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
      constraints.add(
          new Constraint(
              Limit.DIRECTION_REVERSAL,
              t.metric() + ": the filled-in estimate points the other way: hold"));
      return current;
    }
    return replicas;
  }

  private boolean withinTolerance(double ratio) {
    return ratio >= 1.0 - scaleDownTolerance && ratio <= 1.0 + scaleUpTolerance;
  }

  private Constraint tolerance(MetricTarget t, double value, double ratio) {
    return new Constraint(
        Limit.TOLERANCE,
        t.metric()
            + " "
            + round(value)
            + " is within tolerance of target "
            + round(t.target())
            + " (ratio "
            + round(ratio)
            + "): no change");
  }

  /**
   * The HPA's stabilisation with behaviour: scale-out takes the window's lowest, scale-in its
   * highest.
   */
  private int stabilize(
      ScalingBehavior b,
      int raw,
      int current,
      Instant now,
      AutoscalerState state,
      List<Constraint> constraints) {
    Instant upCutoff = now.minus(b.scaleUp().stabilizationWindow());
    Instant downCutoff = now.minus(b.scaleDown().stabilizationWindow());
    int up = raw;
    int down = raw;
    for (TimedRecommendation r : state.recommendations(name)) {
      if (r.at().isAfter(upCutoff)) {
        up = Math.min(up, r.capacity());
      }
      if (r.at().isAfter(downCutoff)) {
        down = Math.max(down, r.capacity());
      }
    }
    int stabilized = Math.min(Math.max(current, up), down);
    if (raw < current && stabilized > raw) {
      constraints.add(
          new Constraint(
              Limit.STABILIZATION_WINDOW,
              "scale-in to "
                  + raw
                  + " held at "
                  + stabilized
                  + " by the "
                  + b.scaleDown().stabilizationWindow().toSeconds()
                  + " s scale-in stabilisation window"));
    } else if (raw > current && stabilized < raw) {
      constraints.add(
          new Constraint(
              Limit.STABILIZATION_WINDOW,
              "scale-out to "
                  + raw
                  + " held at "
                  + stabilized
                  + " by the "
                  + b.scaleUp().stabilizationWindow().toSeconds()
                  + " s scale-out stabilisation window"));
    }
    return stabilized;
  }

  /** The legacy HPA: the highest recommendation of the last five minutes. */
  private int legacyStabilize(
      int raw, int current, Instant now, AutoscalerState state, List<Constraint> constraints) {
    Instant cutoff = now.minus(LEGACY_DOWNSCALE_WINDOW);
    int highest = raw;
    for (TimedRecommendation r : state.recommendations(name)) {
      if (!r.at().isBefore(cutoff)) {
        highest = Math.max(highest, r.capacity());
      }
    }
    if (highest > raw && raw < current) {
      constraints.add(
          new Constraint(
              Limit.STABILIZATION_WINDOW,
              "scale-in to "
                  + raw
                  + " held at "
                  + highest
                  + " by the legacy 300 s downscale window"));
    }
    return highest;
  }

  private static int legacyLimit(int desired, int current, List<Constraint> constraints) {
    int limit = Math.max(2 * current, 4);
    if (desired > limit) {
      constraints.add(
          new Constraint(
              Limit.RATE_LIMIT,
              "scale-out to "
                  + desired
                  + " limited to "
                  + limit
                  + " (legacy: max(2 × current, 4))"));
      return limit;
    }
    return desired;
  }

  /** The HPA's rate limits: the selected policy's bound over each policy's sliding period. */
  private static int rateLimit(
      ScalingBehavior b,
      int desired,
      int current,
      Instant now,
      AutoscalerState state,
      List<Constraint> constraints) {
    if (current == 0 || desired == current) {
      // Rates are relative to the current capacity; from zero they would allow nothing.
      return desired;
    }
    boolean out = desired > current;
    ScalingRules rules = out ? b.scaleUp() : b.scaleDown();
    int limit = directionLimit(rules, out, current, now, state);
    if (out ? desired <= limit : desired >= limit) {
      return desired;
    }
    String direction = out ? "scale-out" : "scale-in";
    constraints.add(
        new Constraint(
            Limit.RATE_LIMIT,
            direction
                + " to "
                + desired
                + " limited to "
                + limit
                + (rules.select() == SelectPolicy.DISABLED
                    ? " (" + direction + " disabled by the behaviour)"
                    : " by " + rules.select() + " of " + rules.policies())));
    return limit;
  }

  /**
   * The furthest capacity one direction's rules allow now. Each rate policy bounds the change from
   * the capacity at the start of its sliding period; MAX takes the policy allowing the most change,
   * MIN the least. The bound never points the other way.
   */
  private static int directionLimit(
      ScalingRules rules, boolean out, int current, Instant now, AutoscalerState state) {
    if (rules.select() == SelectPolicy.DISABLED) {
      return current;
    }
    boolean most = rules.select() == SelectPolicy.MAX;
    long chosen = 0;
    boolean first = true;
    for (RatePolicy p : rules.policies()) {
      Instant since = now.minus(p.period());
      long start = (long) current - state.addedSince(since) + state.removedSince(since);
      long bound;
      if (p.type() == RatePolicy.Type.INSTANCES) {
        bound = out ? start + p.value() : start - p.value();
      } else {
        bound =
            out
                ? (long) Math.ceil(start * (1 + p.value() / 100.0))
                : (long) (start * (1 - p.value() / 100.0));
      }
      boolean further = out ? bound > chosen : bound < chosen;
      if (first || further == most) {
        chosen = bound;
      }
      first = false;
    }
    long limit = out ? Math.max(chosen, current) : Math.min(chosen, current);
    return (int) Math.max(0, Math.min(CapacityLimits.LARGEST, limit));
  }

  private static int ceilToInt(double d) {
    double c = Math.ceil(d - 1e-9); // 2.0000000001 from floating-point noise is still 2
    return (int) Math.min(CapacityLimits.LARGEST, Math.max(0, c));
  }

  private static String round(double d) {
    return Double.toString(Math.round(d * 1000) / 1000.0);
  }

  @Override
  public String toString() {
    return "TargetTrackingPolicy{" + name + ": " + targets + "}";
  }

  /** Builds a {@link TargetTrackingPolicy}. */
  public static final class Builder {
    private final String name;
    private final List<MetricTarget> targets = new ArrayList<>();
    private double scaleUpTolerance = DEFAULT_TOLERANCE;
    private double scaleDownTolerance = DEFAULT_TOLERANCE;
    private ScalingBehavior behavior = ScalingBehavior.HPA_DEFAULT;
    private boolean legacy;
    private boolean scaleIn = true;

    private Builder(String name) {
      this.name = Names.require(name);
    }

    /**
     * Tracks a metric at a target value. At least one is required; with several, the largest
     * recommendation wins.
     *
     * @param metric the metric's name
     * @param target the value to keep it at, above 0
     * @return this builder
     */
    public Builder target(String metric, double target) {
      targets.add(new MetricTarget(metric, target));
      return this;
    }

    /**
     * The tolerance band, the same both ways. Default 0.1 (10 %).
     *
     * @param tolerance 0 to 1
     * @return this builder
     */
    public Builder tolerance(double tolerance) {
      return tolerance(tolerance, tolerance);
    }

    /**
     * The tolerance band, per direction: no scale-out while the ratio is at most {@code 1 + up}, no
     * scale-in while it is at least {@code 1 - down}. Defaults 0.1 and 0.1.
     *
     * @param up 0 to 1
     * @param down 0 to 1
     * @return this builder
     */
    public Builder tolerance(double up, double down) {
      this.scaleUpTolerance = up;
      this.scaleDownTolerance = down;
      return this;
    }

    /**
     * Stabilisation windows and rate limits. Default {@link ScalingBehavior#HPA_DEFAULT}.
     *
     * @param behavior the behaviour
     * @return this builder
     */
    public Builder behavior(ScalingBehavior behavior) {
      this.behavior = Objects.requireNonNull(behavior, "behavior");
      this.legacy = false;
      return this;
    }

    /**
     * The HPA's behaviour when no {@code behavior} is given to it in its autoscaling/v1 form: a
     * 5-minute scale-in stabilisation window and scale-out to at most {@code max(2 × current, 4)}.
     *
     * @return this builder
     */
    public Builder legacyBehavior() {
      this.legacy = true;
      return this;
    }

    /**
     * Whether this policy scales in. Default true. When false, as with AWS target tracking's
     * DisableScaleIn, it never scales in and leaves scale-in to the other policies.
     *
     * @param scaleIn false to disable scale-in
     * @return this builder
     */
    public Builder scaleIn(boolean scaleIn) {
      this.scaleIn = scaleIn;
      return this;
    }

    /**
     * Validates the options and builds the policy.
     *
     * @return the policy
     * @throws ScalingPolicyException if no target was given or a tolerance is outside 0 to 1
     */
    public TargetTrackingPolicy build() {
      if (targets.isEmpty()) {
        throw new ScalingPolicyException(name + ": at least one target(metric, value) is required");
      }
      for (double t : new double[] {scaleUpTolerance, scaleDownTolerance}) {
        if (!(t >= 0 && t < 1)) {
          throw new ScalingPolicyException(
              name + ": tolerance must be at least 0 and below 1, got " + t);
        }
      }
      return new TargetTrackingPolicy(this);
    }
  }
}
