package dev.groundwork.scaling;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A minimum capacity for a daily time window, for peaks known in advance (Foundations §3:
 * "scheduled scaling"): the capacity is there before the load arrives, instead of being chased by
 * reactive policies and their warm-up.
 *
 * @param from the window's start, inclusive, in {@code zone}
 * @param to the window's end, exclusive; before {@code from} for a window across midnight
 * @param zone the time zone the window is in
 * @param days the days the window starts on
 * @param minCapacity the least capacity while the window is open
 */
public record ScheduledCapacity(
    LocalTime from, LocalTime to, ZoneId zone, Set<DayOfWeek> days, int minCapacity) {

  /**
   * Validates and copies the window.
   *
   * @param from the start
   * @param to the end
   * @param zone the time zone
   * @param days the days
   * @param minCapacity the minimum
   * @throws ScalingPolicyException if the window is empty, no day is given, or the minimum is
   *     outside 0 to {@link CapacityLimits#LARGEST}
   */
  public ScheduledCapacity {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(days, "days");
    if (from.equals(to)) {
      throw new ScalingPolicyException("a scheduled window needs from != to, got " + from);
    }
    if (days.isEmpty()) {
      throw new ScalingPolicyException("a scheduled window needs at least one day");
    }
    if (minCapacity < 0 || minCapacity > CapacityLimits.LARGEST) {
      throw new ScalingPolicyException(
          "scheduled min capacity must be 0 to " + CapacityLimits.LARGEST + ", got " + minCapacity);
    }
    days = Set.copyOf(days);
  }

  /**
   * A window every day.
   *
   * @param from the start
   * @param to the end
   * @param zone the time zone
   * @param minCapacity the minimum
   * @return the window
   */
  public static ScheduledCapacity daily(
      LocalTime from, LocalTime to, ZoneId zone, int minCapacity) {
    return new ScheduledCapacity(from, to, zone, EnumSet.allOf(DayOfWeek.class), minCapacity);
  }

  /**
   * Whether the window is open at an instant.
   *
   * @param at the instant
   * @return true when open
   */
  public boolean isActive(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (from.isBefore(to)) {
      return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
    }
    // Across midnight: open from 'from' on a listed day until 'to' the next morning.
    if (!time.isBefore(from)) {
      return days.contains(local.getDayOfWeek());
    }
    return time.isBefore(to) && days.contains(local.getDayOfWeek().minus(1));
  }
}
