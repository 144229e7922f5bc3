package dev.groundwork.consistency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.consistency.HlcTimestamp;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** The put rule, run by the server's script, on the run's Redis. */
class RedisReplicaIT {

  private final RedisEndpoint redis = TestServers.redis();
  private final String prefix = TestServers.uniqueName("replica") + ":";
  private final RedisReplica replica =
      new RedisReplica(
          "r1", RedisClient.create(redis.host(), redis.port()), prefix, Duration.ofMinutes(5));

  @AfterEach
  void close() {
    replica.close();
  }

  private List<Versioned<String>> get(String key) {
    return replica.get(key).toCompletableFuture().join();
  }

  private void put(String key, Versioned<String> v) {
    replica.put(key, v).toCompletableFuture().join();
  }

  @Test
  void aDescendantReplacesConcurrentVersionsStaySideBySideAndOldOnesAreIgnored() {
    VectorClock base = VectorClock.empty().increment("n1");
    put("k", Versioned.of("v1", base));
    put("k", Versioned.of("left", base.increment("n1")));
    put("k", Versioned.of("right", base.increment("n2")));
    put("k", Versioned.of("stale", base)); // dominated: ignored

    assertThat(get("k")).extracting(Versioned::value).containsExactlyInAnyOrder("left", "right");

    VectorClock merged = base.increment("n1").merge(base.increment("n2")).increment("n3");
    put("k", Versioned.of("merged", merged));
    assertThat(get("k")).containsExactly(Versioned.of("merged", merged));
  }

  @Test
  void tombstonesAndTimestampsRoundTripAndTombstoneOnlyKeysExpire() {
    HlcTimestamp t = new HlcTimestamp(1_000, 2, "n1");
    put("k", new Versioned<>("v", VectorClock.empty().increment("n1"), t));
    assertThat(get("k"))
        .containsExactly(new Versioned<>("v", VectorClock.empty().increment("n1"), t));

    VectorClock deletion = VectorClock.empty().increment("n1").increment("n1");
    put("k", Versioned.tombstone(deletion, null));

    assertThat(get("k")).containsExactly(Versioned.tombstone(deletion, null));
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      assertThat(jedis.pttl(prefix + "k")).isBetween(1L, Duration.ofMinutes(5).toMillis());
    }
  }

  @Test
  void valuesWithAnyCharactersSurvive() {
    String awkward = "line one\nline two, a:1 | ünïcødé \t";
    put("k", Versioned.of(awkward, VectorClock.empty().increment("n1")));
    assertThat(get("k").get(0).value()).isEqualTo(awkward);
  }

  @Test
  void nodeIdsThatCannotBeStoredAreRefused() {
    assertThatThrownBy(() -> put("k", Versioned.of("v", VectorClock.empty().increment("a:b"))))
        .hasMessageContaining("cannot be stored in Redis");
    Versioned<String> badStamp =
        new Versioned<>(
            "v", VectorClock.empty().increment("a"), new HlcTimestamp(1L, 0, "line\nbreak"));
    assertThatThrownBy(() -> put("k", badStamp)).hasMessageContaining("timestamp node");
    assertThat(get("k")).isEmpty();
  }

  @Test
  void clocksAreStoredInOneCanonicalForm() {
    VectorClock clock = VectorClock.empty().increment("n2").increment("n1").increment("n1");

    assertThat(RedisReplica.encode(clock)).isEqualTo("n1:2,n2:1");
    assertThat(RedisReplica.encode(VectorClock.empty().increment("solo"))).isEqualTo("solo:1");
    assertThat(RedisReplica.encode(VectorClock.empty())).isEmpty();
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
