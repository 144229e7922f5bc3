package dev.groundwork.scaling.simulator;

import dev.groundwork.scaling.ScalingPolicyException;
import java.time.Duration;

/**
 * How the simulated service turns instances into capacity.
 *
 * @param perInstance requests per second one ready instance serves (at 100 % utilisation)
 * @param startupDelay how long a new instance takes to become ready (cold start)
 * @param warmPool how many pre-initialised instances wait in a warm pool; a scale-out takes from
 *     the pool first, and the pool refills over a cold start
 * @param warmStartDelay how long an instance from the warm pool takes to become ready
 * @param evaluationPeriod how often the autoscaler runs; metrics are averaged over the period
 * @param initialInstances how many ready instances the run starts with
 * @param timeout the latency counted for requests that found no capacity (they waited or failed)
 */
public record CapacityModel(
    double perInstance,
    Duration startupDelay,
    int warmPool,
    Duration warmStartDelay,
    Duration evaluationPeriod,
    int initialInstances,
    Duration timeout) {

  /**
   * Validates the model.
   *
   * @param perInstance requests per second per instance
   * @param startupDelay cold start
   * @param warmPool warm pool size
   * @param warmStartDelay warm start
   * @param evaluationPeriod autoscaler period
   * @param initialInstances instances at the start
   * @param timeout latency of unserved requests
   * @throws ScalingPolicyException naming the value out of range
   */
  public CapacityModel {
    if (!Double.isFinite(perInstance) || perInstance <= 0) {
      throw new ScalingPolicyException("perInstance must be above 0, got " + perInstance);
    }
    if (startupDelay.isNegative() || warmStartDelay.isNegative()) {
      throw new ScalingPolicyException("start-up delays must not be negative");
    }
    if (warmPool < 0 || initialInstances < 0) {
      throw new ScalingPolicyException("warmPool and initialInstances must be at least 0");
    }
    if (evaluationPeriod.isNegative() || evaluationPeriod.isZero()) {
      throw new ScalingPolicyException(
          "evaluationPeriod must be positive, got " + evaluationPeriod);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ScalingPolicyException("timeout must be positive, got " + timeout);
    }
  }

  /**
   * A model with the defaults: 100 requests per second per instance, a 120 s cold start, no warm
   * pool, a 60 s evaluation period, 2 instances at the start, a 10 s timeout.
   *
   * @return the model
   */
  public static CapacityModel defaults() {
    return new CapacityModel(
        100,
        Duration.ofSeconds(120),
        0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        2,
        Duration.ofSeconds(10));
  }

  /**
   * The same model with another capacity per instance.
   *
   * @param perInstance requests per second per instance
   * @return a new model
   */
  public CapacityModel withPerInstance(double perInstance) {
    return new CapacityModel(
        perInstance,
        startupDelay,
        warmPool,
        warmStartDelay,
        evaluationPeriod,
        initialInstances,
        timeout);
  }

  /**
   * The same model with another cold start.
   *
   * @param startupDelay the delay
   * @return a new model
   */
  public CapacityModel withStartupDelay(Duration startupDelay) {
    return new CapacityModel(
        perInstance,
        startupDelay,
        warmPool,
        warmStartDelay,
        evaluationPeriod,
        initialInstances,
        timeout);
  }

  /**
   * The same model with a warm pool.
   *
   * @param size instances in the pool
   * @param delay how long a pooled instance takes to become ready
   * @return a new model
   */
  public CapacityModel withWarmPool(int size, Duration delay) {
    return new CapacityModel(
        perInstance, startupDelay, size, delay, evaluationPeriod, initialInstances, timeout);
  }

  /**
   * The same model with another evaluation period.
   *
   * @param period the period
   * @return a new model
   */
  public CapacityModel withEvaluationPeriod(Duration period) {
    return new CapacityModel(
        perInstance, startupDelay, warmPool, warmStartDelay, period, initialInstances, timeout);
  }

  /**
   * The same model with another starting capacity.
   *
   * @param instances ready instances at the start
   * @return a new model
   */
  public CapacityModel withInitialInstances(int instances) {
    return new CapacityModel(
        perInstance, startupDelay, warmPool, warmStartDelay, evaluationPeriod, instances, timeout);
  }
}
