/** Groundwork idempotency on Redis through Jedis. */
// Jedis ships an automatic module name, not a descriptor; its UnifiedJedis is part of our API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.groundwork.idempotency.redis {
  requires transitive dev.groundwork.idempotency;
  requires transitive redis.clients.jedis;

  exports dev.groundwork.idempotency.redis;
}
