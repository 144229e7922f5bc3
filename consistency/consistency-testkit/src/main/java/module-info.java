/** Tools to test replicated storage: histories, a linearizability checker, staleness. */
module dev.groundwork.consistency.testkit {
  requires transitive dev.groundwork.consistency;

  exports dev.groundwork.consistency.testkit;
}
