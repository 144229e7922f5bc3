/**
 * Tools to test replicated storage against its promises: record a {@link
 * dev.groundwork.consistency.testkit.History} of concurrent operations, then check it with {@link
 * dev.groundwork.consistency.testkit.LinearizabilityChecker} and measure it with {@link
 * dev.groundwork.consistency.testkit.Staleness}.
 */
@NullMarked
package dev.groundwork.consistency.testkit;

import org.jspecify.annotations.NullMarked;
