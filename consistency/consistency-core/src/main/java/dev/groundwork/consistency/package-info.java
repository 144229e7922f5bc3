/**
 * Versioning and conflict resolution for replicated data (Foundations §7): {@link
 * dev.groundwork.consistency.VectorClock} to tell causally ordered versions from concurrent ones,
 * {@link dev.groundwork.consistency.HybridLogicalClock} for last-write-wins timestamps that respect
 * causality, {@link dev.groundwork.consistency.Resolver}s, and CRDTs whose merges never lose an
 * acknowledged update.
 */
@NullMarked
package dev.groundwork.consistency;

import org.jspecify.annotations.NullMarked;
