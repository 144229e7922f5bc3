/**
 * JMH benchmarks of the idempotency stores. Each benchmark {@code x} has a baseline {@code bareX}
 * that makes the raw calls the store needs, in the same run; {@link
 * dev.groundwork.idempotency.benchmarks.RunBenchmarks} prints their ratio.
 */
@NullMarked
package dev.groundwork.idempotency.benchmarks;

import org.jspecify.annotations.NullMarked;
