/** Groundwork consistency: versioning, conflict resolution and CRDTs for replicated data. */
module dev.groundwork.consistency {
  requires transitive org.jspecify;

  exports dev.groundwork.consistency;
  exports dev.groundwork.consistency.spi;
}
