package dev.groundwork.scaling;

import java.time.Instant;

/**
 * A change of capacity an autoscaler decided, kept in its state for warm-up, cooldowns and rate
 * limits.
 *
 * @param at when it was decided
 * @param change how much capacity changed: positive out, negative in
 */
public record ScaleEvent(Instant at, int change) {}
