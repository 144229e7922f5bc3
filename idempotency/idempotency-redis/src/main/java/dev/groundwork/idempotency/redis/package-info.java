/**
 * An {@link dev.groundwork.idempotency.spi.IdempotencyStore} on Redis: start with {@link
 * dev.groundwork.idempotency.redis.RedisIdempotencyStore#builder(redis.clients.jedis.UnifiedJedis)}.
 */
@NullMarked
package dev.groundwork.idempotency.redis;

import org.jspecify.annotations.NullMarked;
