/**
 * Tools to test replicated storage: the Replica contract suite, histories, a linearizability
 * checker, staleness.
 */
module dev.groundwork.consistency.testkit {
  requires transitive dev.groundwork.consistency;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;

  exports dev.groundwork.consistency.testkit;

  // JUnit finds the suite's methods by reflection.
  opens dev.groundwork.consistency.testkit;
}
