package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Percentiles against the closed form of M/M/c: response = 1/μ + W, P(W > x) = C(c, λ/μ) · e^(−(cμ
 * − λ)x). The expected figures were solved outside the library (by hand, or by bisection on the
 * closed form for the mixture).
 */
class LatencyModelTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static double ms(Duration d) {
    return d.toNanos() / 1e6;
  }

  @Test
  void oneQueueAtHalfLoadHasItsTextbookPercentiles() {
    // c = 1, μ = 100/s, λ = 50/s: C = 0.5, so half the requests do not wait (10 ms), and
    // P(W > x) = 0.5 e^(−50x): p95 at 10 ms + ln(10)/50 s, p99 at 10 ms + ln(50)/50 s.
    LatencyModel m =
        new LatencyModel(100, TIMEOUT, List.<double[]>of(new double[] {1, 50, 1000}), 0);

    assertThat(ms(m.percentile(0.50))).isCloseTo(10.0, within(1e-3));
    assertThat(ms(m.percentile(0.95))).isCloseTo(56.0517, within(1e-3));
    assertThat(ms(m.percentile(0.99))).isCloseTo(88.2405, within(1e-3));
    assertThat(m.timedOutShare()).isZero();
  }

  @Test
  void timedOutRequestsCountAtTheTimeout() {
    // 900 requests as above and 100 timed out: p95 and p99 fall among the timed-out tenth; the
    // median needs 0.5 / 0.9 of the answered ones: 10 ms + ln(0.5 / (1 − 0.5/0.9)) / 50 s.
    LatencyModel m =
        new LatencyModel(100, TIMEOUT, List.<double[]>of(new double[] {1, 50, 900}), 100);

    assertThat(m.percentile(0.99)).isEqualTo(TIMEOUT);
    assertThat(m.percentile(0.95)).isEqualTo(TIMEOUT);
    assertThat(ms(m.percentile(0.50))).isCloseTo(12.3557, within(1e-3));
    assertThat(m.timedOutShare()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void stepsMixByTheirRequests() {
    // Equal weights of (c = 1, λ = 50, C = 1/2) and (c = 2, λ = 100, C = 1/3), μ = 100:
    // 0.25 e^(−50x) + (1/6) e^(−100x) = 0.1 at x = 22.283 ms.
    LatencyModel m =
        new LatencyModel(
            100, TIMEOUT, List.of(new double[] {1, 50, 500}, new double[] {2, 100, 500}), 0);

    assertThat(ms(m.percentile(0.90))).isCloseTo(32.2831, within(1e-3));
    assertThat(LatencyModel.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(LatencyModel.erlangC(3, 0)).isZero();
  }

  @Test
  void aRunWithNoRequestsHasNoLatency() {
    LatencyModel m = new LatencyModel(100, TIMEOUT, List.of(), 0);

    assertThat(m.percentile(0.99)).isEqualTo(Duration.ZERO);
    assertThat(m.timedOutShare()).isZero();
  }
}
