/** Groundwork idempotency: fingerprints over the RFC 8785 canonical form of JSON bodies. */
module dev.groundwork.idempotency.json {
  requires transitive dev.groundwork.idempotency;
  requires tools.jackson.core;

  exports dev.groundwork.idempotency.json;
}
