package dev.groundwork.idempotency.redis;

import dev.groundwork.idempotency.redis.internal.JedisIdempotencyStore;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.net.URI;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * An {@link IdempotencyStore} on Redis (Foundations §8: "Storage: Redis (fast)").
 *
 * <p>Each record is one Redis hash, so it lives in one cluster slot; every claim, take-over,
 * complete, release and read is one Lua script run by SHA ({@code EVALSHA}, with {@code EVAL} once
 * when a server lacks the script): one round trip, atomic on the server, checking owner and fencing
 * counter and setting the key's expiry in the same call. Leases and expiry come from the server's
 * {@code TIME}, so a client whose clock is off cannot shorten someone else's lease. Batch claims
 * are pipelined: one round trip per node.
 *
 * <p>Works with every client Jedis builds on {@link UnifiedJedis}: {@code RedisClient}
 * (standalone), {@code RedisSentinelClient} and {@code RedisClusterClient}.
 *
 * <pre>{@code
 * IdempotencyStore store = RedisIdempotencyStore.builder(URI.create("redis://127.0.0.1:6379")).build();
 * }</pre>
 *
 * <p>Failures: connection failures, timeouts, a busy server or an exhausted pool are reported as
 * {@link dev.groundwork.idempotency.IdempotencyStoreUnavailableException} (retryable); anything
 * Redis refuses (a key of the wrong type, a script error) as a non-retryable {@link
 * dev.groundwork.idempotency.IdempotencyStoreException}.
 */
public interface RedisIdempotencyStore extends IdempotencyStore {

  /** Default prefix of every Redis key the store writes. */
  String DEFAULT_KEY_PREFIX = "groundwork:idempotency:";

  /**
   * A builder over a client the caller made and keeps: closing the store leaves it open.
   *
   * @param client a standalone, Sentinel or Cluster client
   * @return a builder
   */
  static Builder builder(UnifiedJedis client) {
    return new Builder(Objects.requireNonNull(client, "client"), null);
  }

  /**
   * A builder that makes its own standalone client from a URL, with Jedis's defaults (2 s connect
   * and socket timeouts, a pooled connection per concurrent caller); closing the store closes it.
   * For other settings, Sentinel or Cluster, build the client yourself and use {@link
   * #builder(UnifiedJedis)}.
   *
   * @param uri {@code redis://[user:password@]host:port[/database]} or {@code rediss://…}
   * @return a builder
   */
  static Builder builder(URI uri) {
    return new Builder(null, Objects.requireNonNull(uri, "uri"));
  }

  /**
   * The prefix of every Redis key this store writes.
   *
   * @return the prefix
   */
  String keyPrefix();

  /** Builds a {@link RedisIdempotencyStore}. */
  final class Builder {
    private final @Nullable UnifiedJedis client;
    private final @Nullable URI uri;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private @Nullable InstantSource clock;

    private Builder(@Nullable UnifiedJedis client, @Nullable URI uri) {
      this.client = client;
      this.uri = uri;
    }

    /**
     * The prefix of every Redis key the store writes, so that several applications can share a
     * server. Default {@value RedisIdempotencyStore#DEFAULT_KEY_PREFIX}.
     *
     * @param keyPrefix 1 to 128 characters, no whitespace
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /**
     * Replaces the server's clock with this one, for tests that move time by hand. Default: the
     * server's {@code TIME}, which is what production should use.
     *
     * @param clock the clock leases and expiry are computed from
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates the options and builds the store. Does not contact Redis: a store built while Redis
     * is down fails closed on its first claim and works once Redis is back.
     *
     * @return the store
     * @throws IllegalArgumentException if the key prefix is empty, too long or holds whitespace, or
     *     the URI is not a Redis URI
     */
    public RedisIdempotencyStore build() {
      if (keyPrefix.isEmpty() || keyPrefix.length() > 128 || keyPrefix.matches(".*\\s.*")) {
        throw new IllegalArgumentException(
            "keyPrefix must be 1 to 128 characters without whitespace, got '" + keyPrefix + "'");
      }
      UnifiedJedis c = client;
      if (c != null) {
        return new JedisIdempotencyStore(c, false, keyPrefix, clock);
      }
      URI u = Objects.requireNonNull(uri);
      if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme())) {
        throw new IllegalArgumentException(
            "uri must use the redis:// or rediss:// scheme, got '" + u + "'");
      }
      return new JedisIdempotencyStore(RedisClient.create(u), true, keyPrefix, clock);
    }
  }
}
