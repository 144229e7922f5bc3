/**
 * Groundwork idempotency: the executor, fingerprints, codecs, the store SPI and the in-memory
 * store.
 */
module dev.groundwork.idempotency {
  requires transitive org.jspecify;
  requires com.github.benmanes.caffeine;

  exports dev.groundwork.idempotency;
  exports dev.groundwork.idempotency.spi;
}
