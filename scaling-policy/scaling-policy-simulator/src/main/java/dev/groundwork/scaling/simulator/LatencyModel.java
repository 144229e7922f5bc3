package dev.groundwork.scaling.simulator;

import java.time.Duration;
import java.util.Collection;

/**
 * Response-time percentiles over a run, from an M/M/c queue per step: {@code c} ready instances,
 * each serving {@code μ} requests per second, Poisson arrivals at the step's demand {@code λ}.
 *
 * <p>A request's response time is taken as its mean service time {@code 1/μ} plus its wait in the
 * queue, whose distribution in M/M/c is {@code P(W > t) = C(c, λ/μ) · e^(−(cμ−λ)t)} with {@code C}
 * the Erlang C probability of waiting. Requests arriving while demand exceeds the ready capacity
 * are counted at the timeout. The run's percentiles are those of the mixture of all steps, weighted
 * by their requests.
 */
final class LatencyModel {

  private final double mu;
  private final double timeout;
  private final double[][] buckets; // {c, λ, requests, erlangC}
  private final double timedOut;
  private final double total;

  LatencyModel(double mu, Duration timeout, Collection<double[]> steps, double timedOut) {
    this.mu = mu;
    this.timeout = timeout.toNanos() / 1e9;
    this.buckets = new double[steps.size()][];
    double sum = timedOut;
    int i = 0;
    for (double[] s : steps) {
      buckets[i++] = new double[] {s[0], s[1], s[2], erlangC((int) s[0], s[1] / mu)};
      sum += s[2];
    }
    this.timedOut = timedOut;
    this.total = sum;
  }

  /** Erlang C: the probability that an arrival waits, with c servers and offered load a = λ/μ. */
  static double erlangC(int c, double a) {
    if (a <= 0) {
      return 0;
    }
    double b = 1; // Erlang B, by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1))
    for (int k = 1; k <= c; k++) {
      b = a * b / (k + a * b);
    }
    double rho = a / c;
    return b / (1 - rho * (1 - b));
  }

  /** The share of requests answered within {@code t} seconds. */
  private double cdf(double t) {
    if (total == 0) {
      return 1;
    }
    if (t >= timeout) {
      return 1;
    }
    double within = 0;
    double service = 1 / mu;
    if (t >= service) {
      for (double[] b : buckets) {
        double c = b[0];
        double lambda = b[1];
        within += b[2] * (1 - b[3] * Math.exp(-(c * mu - lambda) * (t - service)));
      }
    }
    return within / total;
  }

  /**
   * A percentile of the response time.
   *
   * @param p between 0 and 1
   * @return the response time
   */
  Duration percentile(double p) {
    if (total == 0) {
      return Duration.ZERO;
    }
    if (cdf(Math.nextDown(timeout)) < p) {
      return Duration.ofNanos((long) (timeout * 1e9));
    }
    double lo = 0;
    double hi = timeout;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid) >= p) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Duration.ofNanos((long) (hi * 1e9));
  }

  double timedOutShare() {
    return total == 0 ? 0 : timedOut / total;
  }
}
