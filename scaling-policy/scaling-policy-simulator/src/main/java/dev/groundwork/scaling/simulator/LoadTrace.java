package dev.groundwork.scaling.simulator;

import dev.groundwork.scaling.ScalingPolicyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Demand over time, in requests per second, sampled at a fixed step.
 *
 * <p>CSV format (see {@link #fromCsv(Reader, Duration)}): one sample per line, {@code time,demand};
 * {@code time} is either an ISO-8601 instant ({@code 2026-03-02T11:00:00Z}) or an offset in seconds
 * from the first sample ({@code 0}, {@code 60}, {@code 90.5}); {@code demand} a number of requests
 * per second, at least 0. Lines starting with {@code #} and a first line that does not parse as a
 * sample (a header) are skipped. Times must increase; demand holds from one sample to the next and
 * is resampled to the trace's step.
 */
public final class LoadTrace {

  /** Where generated traces start. */
  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");

  private final Instant start;
  private final Duration step;
  private final double[] demand;

  private LoadTrace(Instant start, Duration step, double[] demand) {
    if (step.isNegative() || step.isZero()) {
      throw new ScalingPolicyException("a trace's step must be positive, got " + step);
    }
    if (demand.length == 0) {
      throw new ScalingPolicyException("a trace needs at least one sample");
    }
    for (int i = 0; i < demand.length; i++) {
      if (!Double.isFinite(demand[i]) || demand[i] < 0) {
        throw new ScalingPolicyException(
            "demand must be a finite number at least 0, got " + demand[i] + " at sample " + i);
      }
    }
    this.start = start;
    this.step = step;
    this.demand = demand;
  }

  /**
   * A trace from samples.
   *
   * @param start the time of the first sample
   * @param step the time between samples
   * @param demand requests per second, one per step
   * @return the trace
   * @throws ScalingPolicyException if a value is negative or not finite, or there is none
   */
  public static LoadTrace of(Instant start, Duration step, double... demand) {
    return new LoadTrace(start, step, demand.clone());
  }

  /**
   * Reads a trace from CSV, resampled to {@code step}.
   *
   * @param csv the CSV text
   * @param step the sampling step of the result
   * @return the trace
   * @throws IOException if reading fails
   * @throws ScalingPolicyException naming the line of a malformed or out-of-order sample
   */
  public static LoadTrace fromCsv(Reader csv, Duration step) throws IOException {
    List<double[]> samples = new ArrayList<>(); // {seconds from start, demand}
    @Nullable Instant base = null;
    @Nullable Boolean absolute = null;
    boolean firstLine = true;
    BufferedReader in = new BufferedReader(csv);
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      boolean header = firstLine;
      firstLine = false;
      String[] parts = trimmed.split(",", -1);
      double seconds;
      double value;
      boolean isInstant;
      try {
        if (parts.length != 2) {
          throw new NumberFormatException("expected two fields");
        }
        value = Double.parseDouble(parts[1].strip());
        String time = parts[0].strip();
        isInstant = time.contains("T");
        if (isInstant) {
          Instant t = Instant.parse(time);
          if (base == null) {
            base = t;
          }
          seconds = Duration.between(base, t).toNanos() / 1e9;
        } else {
          seconds = Double.parseDouble(time);
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        if (header) {
          continue;
        }
        throw new ScalingPolicyException(
            "line "
                + number
                + ": expected 'time,demand' (an ISO-8601 instant or seconds, then"
                + " requests per second), got '"
                + trimmed
                + "'");
      }
      if (absolute != null && absolute != isInstant) {
        throw new ScalingPolicyException(
            "line " + number + ": mixes instants and offsets; use one kind of time throughout");
      }
      absolute = isInstant;
      if (!samples.isEmpty() && seconds <= samples.get(samples.size() - 1)[0]) {
        throw new ScalingPolicyException(
            "line "
                + number
                + ": time "
                + parts[0].strip()
                + " does not come after the previous sample");
      }
      if (!Double.isFinite(value) || value < 0) {
        throw new ScalingPolicyException(
            "line "
                + number
                + ": demand must be a finite number at least 0, got "
                + parts[1].strip());
      }
      samples.add(new double[] {seconds, value});
    }
    if (samples.isEmpty()) {
      throw new ScalingPolicyException("the CSV holds no sample");
    }
    double first = samples.get(0)[0];
    double last = samples.get(samples.size() - 1)[0];
    double stepSeconds = step.toNanos() / 1e9;
    int count = (int) Math.floor((last - first) / stepSeconds) + 1;
    double[] demand = new double[count];
    int j = 0;
    for (int i = 0; i < count; i++) {
      double t = first + i * stepSeconds;
      while (j + 1 < samples.size() && samples.get(j + 1)[0] <= t + 1e-9) {
        j++;
      }
      demand[i] = samples.get(j)[1];
    }
    Instant startAt = base != null ? base : DEFAULT_START.plusNanos((long) (first * 1e9));
    return new LoadTrace(startAt, step, demand);
  }

  /**
   * A day-shaped load: low at night, a broad daytime peak, repeated for {@code days}.
   *
   * @param days how many days
   * @param step the sampling step
   * @param trough requests per second at the quietest hour (04:00)
   * @param peak requests per second at the busiest (16:00)
   * @return the trace, starting at midnight UTC of {@link #DEFAULT_START}
   */
  public static LoadTrace diurnal(int days, Duration step, double trough, double peak) {
    int n = samples(Duration.ofDays(days), step);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double hour = (i * seconds(step) / 3600.0) % 24;
      double phase = Math.cos((hour - 16) / 24 * 2 * Math.PI); // 1 at 16:00, -1 at 04:00
      d[i] = trough + (peak - trough) * (phase + 1) / 2;
    }
    return new LoadTrace(DEFAULT_START, step, d);
  }

  /**
   * A constant load with a flash spike.
   *
   * @param length the trace's length
   * @param step the sampling step
   * @param base requests per second outside the spike
   * @param spike requests per second during the spike
   * @param at when the spike starts, from the trace's start
   * @param lasting how long it lasts
   * @return the trace
   */
  public static LoadTrace spike(
      Duration length, Duration step, double base, double spike, Duration at, Duration lasting) {
    return constant(length, step, base).withSpike(at, lasting, spike);
  }

  /**
   * A linear ramp.
   *
   * @param length the trace's length
   * @param step the sampling step
   * @param from requests per second at the start
   * @param to requests per second at the end
   * @return the trace
   */
  public static LoadTrace ramp(Duration length, Duration step, double from, double to) {
    int n = samples(length, step);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
    }
    return new LoadTrace(DEFAULT_START, step, d);
  }

  /**
   * A step change: {@code before} until {@code at}, then {@code after}.
   *
   * @param length the trace's length
   * @param step the sampling step
   * @param before requests per second before the change
   * @param after requests per second from the change on
   * @param at when the change happens, from the trace's start
   * @return the trace
   */
  public static LoadTrace step(
      Duration length, Duration step, double before, double after, Duration at) {
    return spike(length, step, before, after, at, length);
  }

  /**
   * A constant load.
   *
   * @param length the trace's length
   * @param step the sampling step
   * @param demand requests per second
   * @return the trace
   */
  public static LoadTrace constant(Duration length, Duration step, double demand) {
    double[] d = new double[samples(length, step)];
    java.util.Arrays.fill(d, demand);
    return new LoadTrace(DEFAULT_START, step, d);
  }

  /**
   * This trace with a spike laid over it (the spike's demand replaces the trace's where higher).
   *
   * @param at when the spike starts, from the trace's start
   * @param lasting how long it lasts
   * @param spike requests per second during the spike
   * @return a new trace
   */
  public LoadTrace withSpike(Duration at, Duration lasting, double spike) {
    double[] d = demand.clone();
    long from = at.toNanos() / step.toNanos();
    long to =
        Math.min(d.length, (at.plus(lasting).toNanos() + step.toNanos() - 1) / step.toNanos());
    for (long i = Math.max(0, from); i < to; i++) {
      d[(int) i] = Math.max(d[(int) i], spike);
    }
    return new LoadTrace(start, step, d);
  }

  /**
   * This trace with multiplicative noise: each sample times {@code 1 + N(0, sigma)}, never below 0.
   *
   * @param sigma the noise's standard deviation, for example 0.1
   * @param seed the random seed, so that runs repeat
   * @return a new trace
   */
  public LoadTrace withNoise(double sigma, long seed) {
    Random random = new Random(seed);
    double[] d = demand.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.max(0, d[i] * (1 + sigma * random.nextGaussian()));
    }
    return new LoadTrace(start, step, d);
  }

  /**
   * The time of the first sample.
   *
   * @return the start
   */
  public Instant start() {
    return start;
  }

  /**
   * The time between samples.
   *
   * @return the step
   */
  public Duration step() {
    return step;
  }

  /**
   * How many samples the trace holds.
   *
   * @return at least 1
   */
  public int size() {
    return demand.length;
  }

  /**
   * One sample.
   *
   * @param index 0 to {@code size() - 1}
   * @return requests per second
   */
  public double demand(int index) {
    return demand[index];
  }

  private static int samples(Duration length, Duration step) {
    long n = length.toNanos() / step.toNanos();
    if (n < 1 || n > 50_000_000) {
      throw new ScalingPolicyException(
          "a trace of "
              + length
              + " at steps of "
              + step
              + " would hold "
              + n
              + " samples; allowed 1 to 50,000,000");
    }
    return (int) n;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
