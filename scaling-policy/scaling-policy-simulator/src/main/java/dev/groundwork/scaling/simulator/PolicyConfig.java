package dev.groundwork.scaling.simulator;

import dev.groundwork.scaling.AdjustmentType;
import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.Comparison;
import dev.groundwork.scaling.RatePolicy;
import dev.groundwork.scaling.ScalingBehavior;
import dev.groundwork.scaling.ScalingPolicyException;
import dev.groundwork.scaling.ScalingRules;
import dev.groundwork.scaling.ScheduledCapacity;
import dev.groundwork.scaling.SelectPolicy;
import dev.groundwork.scaling.StepAdjustment;
import dev.groundwork.scaling.StepScalingPolicy;
import dev.groundwork.scaling.TargetTrackingPolicy;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

/**
 * An autoscaler described in a properties file, for the command line.
 *
 * <pre>
 * name = target-60                        # the name in reports and charts
 * min = 2
 * max = 40
 *
 * policy.cpu.type = target-tracking       # a target-tracking policy named "cpu"
 * policy.cpu.targets = cpu:60             # metric:target, comma-separated (cpu, queue, rps)
 * policy.cpu.tolerance = 0.1              # optional, default 0.1
 * policy.cpu.scale-in = true              # optional
 * policy.cpu.scale-in-window = 300s       # optional, default 300s
 * policy.cpu.scale-out-window = 0s        # optional, default 0s
 * policy.cpu.scale-out-rate = 100% per 15s, 4 per 15s   # optional, default the HPA's
 * policy.cpu.scale-in-rate = 100% per 15s               # optional, default the HPA's
 * policy.cpu.legacy = false               # optional: the autoscaling/v1 behaviour
 *
 * policy.overload.type = step             # a step policy named "overload"
 * policy.overload.metric = cpu
 * policy.overload.alarm = &gt;= 90         # &gt;=, &gt;, &lt;, &lt;= and a threshold
 * policy.overload.adjustment = percent    # change (default), exact or percent
 * policy.overload.steps = 0..10:20, 10..:50   # lower..upper:adjustment; an empty bound is open
 * policy.overload.min-adjustment = 2      # optional, percent only
 * policy.overload.warmup = 180s           # optional
 * policy.overload.scale-in-cooldown = 0s  # optional
 *
 * schedule.lunch = 11:45-13:30 UTC 8      # from-to zone minimum, every day
 * </pre>
 *
 * <p>Durations are {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}).
 */
public final class PolicyConfig {

  private PolicyConfig() {}

  /**
   * A named autoscaler read from a file.
   *
   * @param name the name in reports and charts
   * @param autoscaler the autoscaler
   */
  public record Named(String name, Autoscaler autoscaler) {}

  /**
   * Reads an autoscaler.
   *
   * @param source the properties text
   * @param defaultName the name when the file gives none
   * @return the name and the autoscaler
   * @throws IOException if reading fails
   * @throws ScalingPolicyException naming the key whose value is wrong
   */
  public static Named read(Reader source, String defaultName) throws IOException {
    Properties p = new Properties();
    p.load(source);
    String name = p.getProperty("name", defaultName).strip();
    Autoscaler.Builder builder =
        Autoscaler.builder(new CapacityLimits(integer(p, "min", "1"), integer(p, "max", "100")));
    TreeSet<String> policies = new TreeSet<>();
    TreeSet<String> schedules = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("policy.")) {
        int dot = key.indexOf('.', "policy.".length());
        if (dot < 0) {
          throw new ScalingPolicyException("key '" + key + "' should be policy.<name>.<option>");
        }
        policies.add(key.substring("policy.".length(), dot));
      } else if (key.startsWith("schedule.")) {
        schedules.add(key);
      } else if (!List.of("name", "min", "max").contains(key)) {
        throw new ScalingPolicyException(
            "unknown key '" + key + "'; expected name, min, max, policy.* or schedule.*");
      }
    }
    if (policies.isEmpty()) {
      throw new ScalingPolicyException("the file defines no policy (policy.<name>.type = ...)");
    }
    for (String policy : policies) {
      String prefix = "policy." + policy + ".";
      String type = required(p, prefix + "type");
      switch (type) {
        case "target-tracking" -> builder.policy(targetTracking(p, policy, prefix));
        case "step" -> builder.policy(step(p, policy, prefix));
        default ->
            throw new ScalingPolicyException(
                prefix + "type must be target-tracking or step, got '" + type + "'");
      }
    }
    for (String key : schedules) {
      builder.schedule(schedule(key, p.getProperty(key)));
    }
    return new Named(name, builder.build());
  }

  private static TargetTrackingPolicy targetTracking(Properties p, String name, String prefix) {
    TargetTrackingPolicy.Builder b = TargetTrackingPolicy.builder(name);
    for (String target : required(p, prefix + "targets").split(",", -1)) {
      String[] parts = target.strip().split(":", -1);
      if (parts.length != 2) {
        throw new ScalingPolicyException(
            prefix + "targets: expected metric:value, got '" + target.strip() + "'");
      }
      b.target(parts[0].strip(), number(prefix + "targets", parts[1]));
    }
    if (p.containsKey(prefix + "tolerance")) {
      b.tolerance(number(prefix + "tolerance", p.getProperty(prefix + "tolerance")));
    }
    b.scaleIn(Boolean.parseBoolean(p.getProperty(prefix + "scale-in", "true").strip()));
    if (Boolean.parseBoolean(p.getProperty(prefix + "legacy", "false").strip())) {
      b.legacyBehavior();
    } else {
      ScalingBehavior d = ScalingBehavior.HPA_DEFAULT;
      ScalingRules up = rules(p, prefix, "scale-out", d.scaleUp(), Duration.ZERO);
      ScalingRules down = rules(p, prefix, "scale-in", d.scaleDown(), Duration.ofMinutes(5));
      b.behavior(new ScalingBehavior(up, down));
    }
    return b.build();
  }

  private static ScalingRules rules(
      Properties p, String prefix, String direction, ScalingRules defaults, Duration window) {
    Duration w =
        p.containsKey(prefix + direction + "-window")
            ? duration(
                prefix + direction + "-window", p.getProperty(prefix + direction + "-window"))
            : window;
    String rate = p.getProperty(prefix + direction + "-rate");
    if (rate == null) {
      return new ScalingRules(w, defaults.select(), defaults.policies());
    }
    if (rate.strip().equalsIgnoreCase("disabled")) {
      return new ScalingRules(w, SelectPolicy.DISABLED, List.of());
    }
    List<RatePolicy> policies = new ArrayList<>();
    for (String part : rate.split(",", -1)) {
      String[] words = part.strip().split("\\s+per\\s+", -1);
      if (words.length != 2) {
        throw new ScalingPolicyException(
            prefix
                + direction
                + "-rate: expected '<n> per <duration>' or '<n>% per <duration>', got '"
                + part.strip()
                + "'");
      }
      String amount = words[0].strip();
      Duration period = duration(prefix + direction + "-rate", words[1]);
      policies.add(
          amount.endsWith("%")
              ? RatePolicy.percent(
                  integer(prefix + direction + "-rate", amount.substring(0, amount.length() - 1)),
                  period)
              : RatePolicy.instances(integer(prefix + direction + "-rate", amount), period));
    }
    return new ScalingRules(w, SelectPolicy.MAX, policies);
  }

  private static StepScalingPolicy step(Properties p, String name, String prefix) {
    StepScalingPolicy.Builder b = StepScalingPolicy.builder(name, required(p, prefix + "metric"));
    String alarm = required(p, prefix + "alarm").strip();
    String op = alarm.replaceAll("[0-9.\\s-].*$", "");
    Comparison comparison =
        switch (op) {
          case ">=" -> Comparison.GREATER_THAN_OR_EQUAL;
          case ">" -> Comparison.GREATER_THAN;
          case "<" -> Comparison.LESS_THAN;
          case "<=" -> Comparison.LESS_THAN_OR_EQUAL;
          default ->
              throw new ScalingPolicyException(
                  prefix + "alarm must start with >=, >, < or <=, got '" + alarm + "'");
        };
    b.alarm(comparison, number(prefix + "alarm", alarm.substring(op.length())));
    String adjustment = p.getProperty(prefix + "adjustment", "change").strip();
    b.adjustmentType(
        switch (adjustment) {
          case "change" -> AdjustmentType.CHANGE_IN_CAPACITY;
          case "exact" -> AdjustmentType.EXACT_CAPACITY;
          case "percent" -> AdjustmentType.PERCENT_CHANGE_IN_CAPACITY;
          default ->
              throw new ScalingPolicyException(
                  prefix + "adjustment must be change, exact or percent, got '" + adjustment + "'");
        });
    for (String step : required(p, prefix + "steps").split(",", -1)) {
      String[] parts = step.strip().split(":", -1);
      String[] bounds = parts[0].split("\\.\\.", -1);
      if (parts.length != 2 || bounds.length != 2) {
        throw new ScalingPolicyException(
            prefix + "steps: expected lower..upper:adjustment, got '" + step.strip() + "'");
      }
      b.step(
          new StepAdjustment(
              bounds[0].isBlank() ? null : number(prefix + "steps", bounds[0]),
              bounds[1].isBlank() ? null : number(prefix + "steps", bounds[1]),
              number(prefix + "steps", parts[1])));
    }
    if (p.containsKey(prefix + "min-adjustment")) {
      b.minAdjustmentMagnitude(integer(p, prefix + "min-adjustment", "0"));
    }
    if (p.containsKey(prefix + "warmup")) {
      b.warmup(duration(prefix + "warmup", p.getProperty(prefix + "warmup")));
    }
    if (p.containsKey(prefix + "scale-in-cooldown")) {
      b.scaleInCooldown(
          duration(prefix + "scale-in-cooldown", p.getProperty(prefix + "scale-in-cooldown")));
    }
    return b.build();
  }

  private static ScheduledCapacity schedule(String key, String value) {
    String[] words = value.strip().split("\\s+", -1);
    String[] times = words.length == 3 ? words[0].split("-", -1) : new String[0];
    if (times.length != 2) {
      throw new ScalingPolicyException(
          key + ": expected 'HH:MM-HH:MM <zone> <minimum>', got '" + value.strip() + "'");
    }
    try {
      return ScheduledCapacity.daily(
          LocalTime.parse(times[0]),
          LocalTime.parse(times[1]),
          ZoneId.of(words[1]),
          integer(key, words[2]));
    } catch (RuntimeException e) {
      if (e instanceof ScalingPolicyException s) {
        throw s;
      }
      throw new ScalingPolicyException(key + ": " + e.getMessage());
    }
  }

  /**
   * Parses a duration: {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601.
   *
   * @param key the key, for the error message
   * @param text the text
   * @return the duration
   * @throws ScalingPolicyException if the text is none of those
   */
  public static Duration duration(String key, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new ScalingPolicyException(
          key
              + ": expected a duration such as 90s, 5m, 1h, 1d or PT5M, got '"
              + text.strip()
              + "'");
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new ScalingPolicyException("missing " + key);
    }
    return v.strip();
  }

  private static int integer(Properties p, String key, String defaultValue) {
    return integer(key, p.getProperty(key, defaultValue));
  }

  private static int integer(String key, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new ScalingPolicyException(
          key + ": expected a whole number, got '" + text.strip() + "'");
    }
  }

  private static double number(String key, String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new ScalingPolicyException(key + ": expected a number, got '" + text.strip() + "'");
    }
  }
}
