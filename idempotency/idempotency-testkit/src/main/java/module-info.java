/** The contract suite every idempotency store runs, and a manual clock to drive it. */
// QuickTheories ships no descriptor (its module name comes from the jar's name); its Gen is part of
// ModelStore's API, for a store author who writes sequences of their own.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.groundwork.idempotency.testkit {
  requires transitive dev.groundwork.idempotency;
  requires transitive org.junit.jupiter.api;
  requires transitive quicktheories;
  requires org.assertj.core;

  exports dev.groundwork.idempotency.testkit;

  // JUnit finds the suite's methods by reflection.
  opens dev.groundwork.idempotency.testkit;
}
