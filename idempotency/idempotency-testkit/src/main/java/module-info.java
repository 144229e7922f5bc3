/** The contract suite every idempotency store runs, and a manual clock to drive it. */
module dev.groundwork.idempotency.testkit {
  requires transitive dev.groundwork.idempotency;
  requires transitive org.junit.jupiter.api;
  requires transitive net.jqwik.api;
  requires org.assertj.core;

  exports dev.groundwork.idempotency.testkit;

  // The test engines find the suite's methods by reflection.
  opens dev.groundwork.idempotency.testkit;
}
