/** Groundwork scaling policies: step scaling, target tracking, schedules, and the Autoscaler. */
module dev.groundwork.scaling {
  requires transitive org.jspecify;

  exports dev.groundwork.scaling;
}
