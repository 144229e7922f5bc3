/**
 * A {@link dev.groundwork.consistency.spi.Replica} backed by one Redis server: {@link
 * dev.groundwork.consistency.redis.RedisReplica}.
 */
@NullMarked
package dev.groundwork.consistency.redis;

import org.jspecify.annotations.NullMarked;
