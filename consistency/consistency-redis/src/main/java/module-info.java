/** Groundwork consistency: a Replica backed by a Redis server. */
// Jedis ships an automatic module name, not a descriptor; its UnifiedJedis is part of our API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.groundwork.consistency.redis {
  requires transitive dev.groundwork.consistency;
  requires transitive redis.clients.jedis;

  exports dev.groundwork.consistency.redis;
}
