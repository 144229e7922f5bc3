/**
 * JMH benchmarks of the quorum client; {@link dev.groundwork.consistency.benchmarks.RunBenchmarks}
 * prints each beside its bare baseline.
 */
@NullMarked
package dev.groundwork.consistency.benchmarks;

import org.jspecify.annotations.NullMarked;
