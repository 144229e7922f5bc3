package dev.groundwork.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything an {@link Autoscaler} remembers between decisions, as an immutable value: the capacity
 * changes it decided (for warm-up, cooldowns and rate limits) and each target-tracking policy's
 * recent raw recommendations (for stabilisation windows). A decision is a pure function of its
 * input and this state, so any decision can be replayed.
 */
public final class AutoscalerState {

  private static final AutoscalerState INITIAL = new AutoscalerState(List.of(), Map.of());

  private final List<ScaleEvent> events;
  private final Map<String, List<TimedRecommendation>> recommendations;

  private AutoscalerState(
      List<ScaleEvent> events, Map<String, List<TimedRecommendation>> recommendations) {
    this.events = events;
    this.recommendations = recommendations;
  }

  /**
   * The state before any decision.
   *
   * @return the empty state
   */
  public static AutoscalerState initial() {
    return INITIAL;
  }

  /**
   * The capacity changes decided, oldest first, as far back as any rule needs them.
   *
   * @return the events
   */
  public List<ScaleEvent> events() {
    return events;
  }

  /**
   * A target-tracking policy's raw recommendations, oldest first, as far back as its windows need.
   *
   * @param policy the policy's name
   * @return the recommendations, empty for an unknown policy
   */
  public List<TimedRecommendation> recommendations(String policy) {
    return recommendations.getOrDefault(policy, List.of());
  }

  /** Capacity added by scale-outs decided strictly after {@code since}. */
  int addedSince(Instant since) {
    int added = 0;
    for (ScaleEvent e : events) {
      if (e.at().isAfter(since) && e.change() > 0) {
        added += e.change();
      }
    }
    return added;
  }

  /** Capacity removed by scale-ins decided strictly after {@code since}, as a positive number. */
  int removedSince(Instant since) {
    int removed = 0;
    for (ScaleEvent e : events) {
      if (e.at().isAfter(since) && e.change() < 0) {
        removed -= e.change();
      }
    }
    return removed;
  }

  /** The time of the last scale-in, or null. */
  @Nullable Instant lastScaleIn() {
    Instant last = null;
    for (ScaleEvent e : events) {
      if (e.change() < 0) {
        last = e.at();
      }
    }
    return last;
  }

  /**
   * The state after a decision: the new event (if the capacity changed) and the policies' new raw
   * recommendations, with everything older than {@code keepAfter} dropped.
   */
  AutoscalerState next(
      @Nullable ScaleEvent event, Map<String, Integer> raw, Instant now, Instant keepAfter) {
    List<ScaleEvent> nextEvents = new ArrayList<>();
    for (ScaleEvent e : events) {
      if (e.at().isAfter(keepAfter)) {
        nextEvents.add(e);
      }
    }
    if (event != null) {
      nextEvents.add(event);
    }
    Map<String, List<TimedRecommendation>> nextRecs = new HashMap<>();
    for (Map.Entry<String, Integer> r : raw.entrySet()) {
      List<TimedRecommendation> kept = new ArrayList<>();
      for (TimedRecommendation t : recommendations(r.getKey())) {
        if (t.at().isAfter(keepAfter)) {
          kept.add(t);
        }
      }
      kept.add(new TimedRecommendation(now, r.getValue()));
      nextRecs.put(r.getKey(), List.copyOf(kept));
    }
    return new AutoscalerState(List.copyOf(nextEvents), Map.copyOf(nextRecs));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AutoscalerState s
        && events.equals(s.events)
        && recommendations.equals(s.recommendations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(events, recommendations);
  }

  @Override
  public String toString() {
    return "AutoscalerState{events=" + events + ", recommendations=" + recommendations + "}";
  }
}
