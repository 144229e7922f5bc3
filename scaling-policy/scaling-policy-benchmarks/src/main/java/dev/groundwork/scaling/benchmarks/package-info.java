/**
 * JMH benchmarks of the scaling evaluators and the simulator; {@link
 * dev.groundwork.scaling.benchmarks.RunBenchmarks} prints each beside its bare baseline.
 */
@NullMarked
package dev.groundwork.scaling.benchmarks;

import org.jspecify.annotations.NullMarked;
