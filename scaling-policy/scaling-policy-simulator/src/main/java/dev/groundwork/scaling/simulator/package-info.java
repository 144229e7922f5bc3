/**
 * Replays a load trace through an {@link dev.groundwork.scaling.Autoscaler} and a capacity model,
 * and reports what a policy would have done: {@link
 * dev.groundwork.scaling.simulator.Simulator#run(LoadTrace, dev.groundwork.scaling.Autoscaler,
 * String)}, {@link dev.groundwork.scaling.simulator.SimulationReport}, {@link
 * dev.groundwork.scaling.simulator.SvgChart}, and the command line {@link
 * dev.groundwork.scaling.simulator.SimulatorCli}.
 */
@NullMarked
package dev.groundwork.scaling.simulator;

import org.jspecify.annotations.NullMarked;
