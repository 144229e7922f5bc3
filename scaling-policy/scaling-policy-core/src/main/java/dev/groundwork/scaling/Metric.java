package dev.groundwork.scaling;

/**
 * One metric as observed at a decision.
 *
 * <p>An {@link Kind#AVERAGE} metric is a per-instance average (CPU utilisation, requests per
 * instance) taken over the instances that reported it; the counts of instances that did not report
 * (missing) and that are not ready yet let target tracking handle them as the Kubernetes HPA does.
 * A {@link Kind#TOTAL} metric is one number for the whole group (a queue's depth, total request
 * rate), for targets per instance such as a backlog per instance.
 *
 * <p>A metric that was not observed at all is left out of {@link ScalingInput#metrics()}; it is
 * never read as zero.
 *
 * @param kind average over instances, or total for the group
 * @param value the observed value: finite, not negative
 * @param reporting for an average: how many ready instances reported it (at least 1)
 * @param missing for an average: how many ready instances did not report it
 * @param notReady for an average: how many instances are not ready yet (starting, warming up)
 */
public record Metric(Kind kind, double value, int reporting, int missing, int notReady) {

  /** What a metric's value means. */
  public enum Kind {
    /** A per-instance average over the reporting instances. */
    AVERAGE,
    /** One value for the whole group. */
    TOTAL
  }

  /**
   * Validates the observation.
   *
   * @param kind average over instances, or total for the group
   * @param value the observed value
   * @param reporting instances that reported it
   * @param missing ready instances that did not
   * @param notReady instances not ready yet
   * @throws ScalingPolicyException if the value is NaN, infinite or negative, or a count is
   *     negative, or an average has no reporting instance
   */
  public Metric {
    if (kind == null) {
      throw new ScalingPolicyException("metric kind is required");
    }
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      throw new ScalingPolicyException(
          "metric value must be a finite number at least 0, got " + value);
    }
    if (reporting < 0 || missing < 0 || notReady < 0) {
      throw new ScalingPolicyException(
          "instance counts must be at least 0, got reporting="
              + reporting
              + ", missing="
              + missing
              + ", notReady="
              + notReady);
    }
    if (kind == Kind.AVERAGE && reporting == 0) {
      throw new ScalingPolicyException(
          "an average metric needs at least one reporting instance; leave the metric out of the"
              + " input when no instance reported it");
    }
  }

  /**
   * A per-instance average reported by every instance, all ready.
   *
   * @param value the average
   * @param instances how many instances reported it
   * @return the metric
   */
  public static Metric average(double value, int instances) {
    return new Metric(Kind.AVERAGE, value, instances, 0, 0);
  }

  /**
   * A value for the whole group, such as a queue's depth.
   *
   * @param value the total
   * @return the metric
   */
  public static Metric total(double value) {
    return new Metric(Kind.TOTAL, value, 0, 0, 0);
  }

  /**
   * The same metric with some ready instances that did not report.
   *
   * @param missing how many
   * @return a new metric
   */
  public Metric withMissing(int missing) {
    return new Metric(kind, value, reporting, missing, notReady);
  }

  /**
   * The same metric with some instances not ready yet.
   *
   * @param notReady how many
   * @return a new metric
   */
  public Metric withNotReady(int notReady) {
    return new Metric(kind, value, reporting, missing, notReady);
  }
}
