package dev.groundwork.scaling;

import java.time.Instant;

/**
 * A target-tracking policy's raw recommendation, kept for its stabilisation windows.
 *
 * @param at when it was made
 * @param capacity the capacity recommended before stabilisation
 */
public record TimedRecommendation(Instant at, int capacity) {}
