/** Groundwork scaling simulator: trace replay, report, SVG chart and command line. */
module dev.groundwork.scaling.simulator {
  requires transitive dev.groundwork.scaling;

  exports dev.groundwork.scaling.simulator;
}
