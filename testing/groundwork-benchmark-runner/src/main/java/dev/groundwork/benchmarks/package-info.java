/** Runs JMH benchmarks and reports each one against its bare baseline. */
@NullMarked
package dev.groundwork.benchmarks;

import org.jspecify.annotations.NullMarked;
