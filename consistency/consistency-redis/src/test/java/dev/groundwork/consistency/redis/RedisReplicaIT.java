package dev.groundwork.consistency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.HlcTimestamp;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import dev.groundwork.consistency.testkit.ReplicaContract;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** The Replica contract and the Redis specifics, run by the server's script, on the run's Redis. */
class RedisReplicaIT extends ReplicaContract {

  private final RedisEndpoint redis = TestServers.redis();
  private final String prefix = TestServers.uniqueName("replica") + ":";
  private final RedisReplica replica =
      new RedisReplica("r1", RedisClient.create(redis.host(), redis.port()), prefix);

  @AfterEach
  void close() {
    replica.close();
  }

  @Override
  protected Replica<String, String> replica() {
    return replica;
  }

  private List<Versioned<String>> get(String key) {
    return replica.get(key).toCompletableFuture().join();
  }

  private void put(String key, Versioned<String> v) {
    replica.put(key, List.of(v)).toCompletableFuture().join();
  }

  /**
   * Issue 16, defect 7: tombstone-only keys always expired, so a replica that missed the delete
   * could bring the value back through read repair. By default they are now kept.
   */
  @Test
  void tombstoneOnlyKeysAreKeptByDefault() {
    Versioned<String> value = Versioned.of("v", new Dot("n1", 1), VectorClock.empty());
    put("k", value);
    put("k", Versioned.tombstone(new Dot("n1", 2), value.history(), null));

    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      assertThat(jedis.pttl(prefix + "k")).as("no expiry").isEqualTo(-1L);
    }
    assertThat(get("k")).singleElement().matches(Versioned::isTombstone);
  }

  @Test
  void tombstoneOnlyKeysExpireAfterARetentionWhenOneIsChosen() {
    try (RedisReplica expiring =
        new RedisReplica(
            "r3", RedisClient.create(redis.host(), redis.port()), prefix, Duration.ofMinutes(5))) {
      Versioned<String> value = Versioned.of("v", new Dot("n1", 1), VectorClock.empty());
      expiring.put("k", List.of(value)).toCompletableFuture().join();
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.pttl(prefix + "k")).as("a live value never expires").isEqualTo(-1L);
        expiring
            .put("k", List.of(Versioned.tombstone(new Dot("n1", 2), value.history(), null)))
            .toCompletableFuture()
            .join();
        assertThat(jedis.pttl(prefix + "k")).isBetween(1L, Duration.ofMinutes(5).toMillis());
      }
    }
    assertThatThrownBy(
            () ->
                new RedisReplica(
                    "r4",
                    RedisClient.create(redis.host(), redis.port()),
                    prefix,
                    Duration.ofNanos(5)))
        .hasMessageContaining("at least 1 ms");
  }

  @Test
  void nodeIdsThatCannotBeStoredAreRefused() {
    assertThatThrownBy(() -> put("k", Versioned.of("v", new Dot("a:b", 1), VectorClock.empty())))
        .hasMessageContaining("cannot be stored in Redis");
    Versioned<String> badStamp =
        new Versioned<>(
            "v", new Dot("a", 1), VectorClock.empty(), new HlcTimestamp(1L, 0, "line\nbreak"));
    assertThatThrownBy(() -> put("k", badStamp)).hasMessageContaining("timestamp node");
    assertThat(get("k")).isEmpty();
  }

  /** Issue 16: an id Redis cannot store failed every write and marked every replica suspected. */
  @Test
  void aClientWhoseNodeIdCannotBeStoredIsRefusedAtBuild() {
    assertThatThrownBy(
            () ->
                dev.groundwork.consistency.QuorumClient.<String, String>builder("has space")
                    .replicas(List.of(replica))
                    .build())
        .isInstanceOf(dev.groundwork.consistency.ConsistencyArgumentException.class)
        .hasMessageContaining("node id 'has space.0' cannot be stored in Redis");
  }

  @Test
  void clocksAreStoredInOneCanonicalForm() {
    VectorClock clock = VectorClock.empty().increment("n2").increment("n1").increment("n1");

    assertThat(RedisReplica.encode(clock)).isEqualTo("n1:2,n2:1");
    assertThat(RedisReplica.encode(clock.with(new Dot("n3", 4)))).isEqualTo("n1:2,n2:1,+n3:4");
    assertThat(RedisReplica.encode(VectorClock.empty())).isEmpty();
    assertThat(RedisReplica.encode(VectorClock.empty().with(new Dot("n3", 4)))).isEqualTo("+n3:4");
    assertThatThrownBy(() -> RedisReplica.encode(new Dot("a:b", 1)))
        .hasMessageContaining("node id 'a:b' cannot be stored in Redis");
    assertThatThrownBy(() -> RedisReplica.encode(VectorClock.empty().increment("a:b")))
        .as("a context's counters are checked too")
        .hasMessageContaining("node id 'a:b' cannot be stored in Redis");
  }

  @Test
  void theReplicaRunsOnDaemonThreadsAndClosesItsClient() {
    RedisClient own = RedisClient.create(redis.host(), redis.port());
    RedisReplica r2 = new RedisReplica("r2", own, prefix, Duration.ofMinutes(5));
    r2.get("k").toCompletableFuture().join();

    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().equals("groundwork-replica-r2"))
        .isNotEmpty()
        .allMatch(Thread::isDaemon, "a forgotten replica must not keep the JVM alive");

    r2.close();
    assertThatThrownBy(own::ping).as("the client was closed with the replica").isNotNull();
  }
}
