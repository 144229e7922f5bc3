package dev.groundwork.scaling.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run.
 *
 * @param policy the policy's name
 * @param samples how many trace steps were simulated
 * @param length the simulated time
 * @param totalRequests requests that arrived
 * @param requestsOverCapacity requests that arrived beyond the ready capacity (they queued or
 *     failed): the SLO violations in requests
 * @param sloViolationTime how long demand exceeded the ready capacity
 * @param capacityHours instance-hours paid for, starting instances included: the cost
 * @param overProvisionedHours instance-hours of ready instances beyond what the demand needed
 * @param scalingActions how many decisions changed the capacity
 * @param reversals how many times an action went the other way from the previous one (thrashing)
 * @param peakInstances the most instances asked for at once
 * @param p50 the median response time of the latency model
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 */
public record SimulationReport(
    String policy,
    int samples,
    Duration length,
    double totalRequests,
    double requestsOverCapacity,
    Duration sloViolationTime,
    double capacityHours,
    double overProvisionedHours,
    int scalingActions,
    int reversals,
    int peakInstances,
    Duration p50,
    Duration p95,
    Duration p99) {

  /** The CSV columns of {@link #csvRow()}. */
  public static final String CSV_HEADER =
      "policy,samples,seconds,total_requests,requests_over_capacity,slo_violation_seconds,"
          + "capacity_hours,over_provisioned_hours,scaling_actions,reversals,peak_instances,"
          + "p50_ms,p95_ms,p99_ms";

  /**
   * The report as text.
   *
   * @return several lines, one figure each
   */
  public String toText() {
    return String.format(
        Locale.ROOT,
        "policy                    %s%n"
            + "simulated                 %s (%d samples)%n"
            + "requests                  %.0f%n"
            + "over capacity (SLO)       %.0f requests (%.2f %%), %s%n"
            + "capacity-hours (cost)     %.2f%n"
            + "over-provisioned hours    %.2f%n"
            + "scaling actions           %d (%d reversals)%n"
            + "peak instances            %d%n"
            + "latency p50 / p95 / p99   %s / %s / %s%n",
        policy,
        human(length),
        samples,
        totalRequests,
        requestsOverCapacity,
        totalRequests == 0 ? 0 : 100 * requestsOverCapacity / totalRequests,
        human(sloViolationTime),
        capacityHours,
        overProvisionedHours,
        scalingActions,
        reversals,
        peakInstances,
        ms(p50),
        ms(p95),
        ms(p99));
  }

  /**
   * The report as one CSV row, in the columns of {@link #CSV_HEADER}.
   *
   * @return the row
   */
  public String csvRow() {
    return String.format(
        Locale.ROOT,
        "%s,%d,%d,%.0f,%.0f,%d,%.4f,%.4f,%d,%d,%d,%.3f,%.3f,%.3f",
        figures(policy.replace(",", ";")));
  }

  /**
   * The report as a JSON object.
   *
   * @return the object
   */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"policy\":\"%s\",\"samples\":%d,\"seconds\":%d,\"totalRequests\":%.0f,"
            + "\"requestsOverCapacity\":%.0f,\"sloViolationSeconds\":%d,\"capacityHours\":%.4f,"
            + "\"overProvisionedHours\":%.4f,\"scalingActions\":%d,\"reversals\":%d,"
            + "\"peakInstances\":%d,\"p50Ms\":%.3f,\"p95Ms\":%.3f,\"p99Ms\":%.3f}",
        figures(policy.replace("\\", "\\\\").replace("\"", "\\\"")));
  }

  /** The figures in CSV column order, with the policy's name as given. */
  private Object[] figures(String name) {
    return new Object[] {
      name,
      samples,
      length.toSeconds(),
      totalRequests,
      requestsOverCapacity,
      sloViolationTime.toSeconds(),
      capacityHours,
      overProvisionedHours,
      scalingActions,
      reversals,
      peakInstances,
      p50.toNanos() / 1e6,
      p95.toNanos() / 1e6,
      p99.toNanos() / 1e6
    };
  }

  /**
   * Several reports side by side, one column per policy.
   *
   * @param reports the reports
   * @return a text table
   */
  public static String compare(List<SimulationReport> reports) {
    StringBuilder s = new StringBuilder();
    row(s, "", reports.stream().map(SimulationReport::policy).toList());
    row(
        s,
        "over capacity (requests)",
        reports.stream().map(r -> fmt("%.0f", r.requestsOverCapacity())).toList());
    row(s, "over capacity (time)", reports.stream().map(r -> human(r.sloViolationTime())).toList());
    row(s, "capacity-hours", reports.stream().map(r -> fmt("%.1f", r.capacityHours())).toList());
    row(
        s,
        "over-provisioned hours",
        reports.stream().map(r -> fmt("%.1f", r.overProvisionedHours())).toList());
    row(
        s,
        "scaling actions",
        reports.stream().map(r -> Integer.toString(r.scalingActions())).toList());
    row(s, "reversals", reports.stream().map(r -> Integer.toString(r.reversals())).toList());
    row(
        s,
        "peak instances",
        reports.stream().map(r -> Integer.toString(r.peakInstances())).toList());
    row(s, "latency p50", reports.stream().map(r -> ms(r.p50())).toList());
    row(s, "latency p95", reports.stream().map(r -> ms(r.p95())).toList());
    row(s, "latency p99", reports.stream().map(r -> ms(r.p99())).toList());
    return s.toString();
  }

  private static void row(StringBuilder s, String label, List<String> cells) {
    s.append(String.format(Locale.ROOT, "%-26s", label));
    for (String c : cells) {
      s.append(String.format(Locale.ROOT, "%22s", c));
    }
    s.append(System.lineSeparator());
  }

  private static String fmt(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  private static String ms(Duration d) {
    return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
