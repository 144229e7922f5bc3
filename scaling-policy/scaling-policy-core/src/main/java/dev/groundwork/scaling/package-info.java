/**
 * Autoscaling evaluators (Foundations §3): pure functions from the time, the current capacity, the
 * metrics and an explicit state to a decision that explains itself.
 *
 * <p>Start with {@link dev.groundwork.scaling.Autoscaler#builder(CapacityLimits)}, add {@link
 * dev.groundwork.scaling.StepScalingPolicy} (AWS step scaling semantics) and {@link
 * dev.groundwork.scaling.TargetTrackingPolicy} (Kubernetes HPA semantics) policies, and call {@link
 * dev.groundwork.scaling.Autoscaler#decide(ScalingInput, AutoscalerState)} once per evaluation
 * period, feeding back the state each decision returns.
 */
@NullMarked
package dev.groundwork.scaling;

import org.jspecify.annotations.NullMarked;
