package dev.groundwork.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.testing.servers.ManagedRedis;
import dev.groundwork.testing.servers.RedisEndpoint;
import dev.groundwork.testing.servers.TestServers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * One round trip per operation, counted by the server itself ({@code INFO commandstats}) on a
 * private server that nothing else talks to; and times taken from the server's clock.
 */
class RedisRoundTripIT {

  private static ManagedRedis server;
  private static RedisClient client;
  private static Jedis admin;

  private RedisIdempotencyStore store;
  private Idempotency<String> idempotency;

  @BeforeAll
  static void startServer() {
    server = ManagedRedis.start();
    RedisEndpoint endpoint = server.endpoint();
    client = RedisClient.create(endpoint.host(), endpoint.port());
    admin = new Jedis(endpoint.host(), endpoint.port());
  }

  @AfterAll
  static void stopServer() {
    admin.close();
    client.close();
    server.close();
  }

  @BeforeEach
  void newStore() {
    store =
        RedisIdempotencyStore.builder(client).keyPrefix(TestServers.uniqueName("rt") + ":").build();
    idempotency = Idempotency.builder(ResultCodec.utf8()).store(store).build();
    // Warm the script cache, then count from zero.
    idempotency.execute("warm-up", Fingerprint.ofUtf8("w"), () -> "w");
    admin.configResetStat();
  }

  /** What the scripts call inside the server: counted by the server, but not round trips. */
  private static final java.util.Set<String> INSIDE_SCRIPTS =
      java.util.Set.of("time", "hmget", "hset", "del", "pexpire", "info", "config|resetstat");

  /** Client commands since the last reset, as the server counts them. */
  private static Map<String, Long> commandCalls() {
    Map<String, Long> calls = new HashMap<>();
    for (String line : admin.info("commandstats").split("\r?\n", -1)) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        String stats = line.substring(line.indexOf(':') + 1);
        long n = Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
        if (!INSIDE_SCRIPTS.contains(name)) {
          calls.put(name, n);
        }
      }
    }
    return calls;
  }

  @Test
  void aFirstExecutionIsOneClaimAndOneComplete() {
    idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "done");

    assertThat(commandCalls()).isEqualTo(Map.of("evalsha", 2L));
  }

  @Test
  void aReplayIsOneCall() {
    idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "done");
    admin.configResetStat();

    IdempotentResult<String> replay = idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "x");

    assertThat(replay.replayed()).isTrue();
    assertThat(commandCalls()).isEqualTo(Map.of("evalsha", 1L));
  }

  @Test
  void aFailedExecutionIsOneClaimAndOneRelease() {
    assertThatThrownBy(
            () ->
                idempotency.execute(
                    "k",
                    Fingerprint.ofUtf8("r"),
                    () -> {
                      throw new IllegalStateException("no");
                    }))
        .hasMessage("no");

    assertThat(commandCalls()).isEqualTo(Map.of("evalsha", 2L));
  }

  @Test
  void aBatchClaimIsOnePipelinedRoundTrip() {
    List<ClaimRequest> batch =
        List.of("a", "b", "c").stream()
            .map(
                k ->
                    new ClaimRequest(
                        "batch:" + k,
                        "owner",
                        Fingerprint.ofUtf8(k),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1)))
            .toList();

    List<ClaimResult> results = store.claimAll(batch);

    assertThat(results).allMatch(r -> r instanceof ClaimResult.Claimed);
    assertThat(commandCalls()).isEqualTo(Map.of("evalsha", 3L));
  }

  @Test
  void aFlushedScriptCacheIsReloadedOnce() {
    admin.scriptFlush();
    admin.configResetStat();

    idempotency.execute("k", Fingerprint.ofUtf8("r"), () -> "done");
    idempotency.execute("k2", Fingerprint.ofUtf8("r"), () -> "done");

    Map<String, Long> calls = commandCalls();
    // claim: EVALSHA refused with NOSCRIPT, then EVAL; complete: the same; the second key: SHA
    // only.
    assertThat(calls.get("eval")).isEqualTo(2L);
    assertThat(store.read(idempotency.scopedKey("k2"))).isPresent();
  }

  @Test
  void leaseAndExpiryComeFromTheServersClockAndTheKeyExpires() {
    List<String> before = admin.time();
    ClaimResult claimed =
        store.claim(
            new ClaimRequest(
                "clock",
                "owner",
                Fingerprint.ofUtf8("r"),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5)));
    List<String> after = admin.time();

    IdempotencyRecord record = claimed.record();
    assertThat(claimed.observedAt()).isBetween(serverInstant(before), serverInstant(after));
    assertThat(record.leaseDeadline()).isEqualTo(claimed.observedAt().plusSeconds(30));
    assertThat(record.expiresAt()).isEqualTo(claimed.observedAt().plus(Duration.ofMinutes(5)));
    long ttl = admin.pttl(store.keyPrefix() + "clock");
    assertThat(ttl)
        .isBetween(Duration.ofMinutes(5).toMillis() - 5_000, Duration.ofMinutes(5).toMillis());
  }

  @Test
  void aStoreBuiltFromAUriOwnsItsClient() {
    RedisEndpoint endpoint = server.endpoint();
    RedisIdempotencyStore own =
        RedisIdempotencyStore.builder(
                URI.create("redis://" + endpoint.host() + ":" + endpoint.port()))
            .keyPrefix(TestServers.uniqueName("uri") + ":")
            .build();
    Idempotency<String> viaUri = Idempotency.builder(ResultCodec.utf8()).store(own).build();
    assertThat(viaUri.execute("k", Fingerprint.ofUtf8("r"), () -> "ok").value()).isEqualTo("ok");
    own.close();
    assertThatThrownBy(() -> viaUri.execute("k2", Fingerprint.ofUtf8("r"), () -> "late"))
        .as("closing the store closes the client it made")
        .isInstanceOf(dev.groundwork.idempotency.IdempotencyStoreException.class);
    assertThatThrownBy(() -> RedisIdempotencyStore.builder(URI.create("http://x:1")).build())
        .hasMessageContaining("redis:// or rediss://");
    assertThatThrownBy(() -> RedisIdempotencyStore.builder(client).keyPrefix("a b").build())
        .hasMessageContaining("without whitespace");
    assertThatThrownBy(() -> RedisIdempotencyStore.builder(client).keyPrefix("").build())
        .hasMessageContaining("1 to 128 characters");
    assertThatThrownBy(
            () -> RedisIdempotencyStore.builder(client).keyPrefix("p".repeat(129)).build())
        .hasMessageContaining("1 to 128 characters");
    assertThat(RedisIdempotencyStore.builder(client).keyPrefix("p".repeat(128)).build().keyPrefix())
        .hasSize(128);
  }

  @Test
  void aKeyOfTheWrongTypeIsANonRetryableError() {
    admin.set(store.keyPrefix() + "default::wrong", "a string, not a hash");

    assertThatThrownBy(() -> idempotency.execute("wrong", Fingerprint.ofUtf8("r"), () -> "x"))
        .isInstanceOfSatisfying(
            dev.groundwork.idempotency.IdempotencyStoreException.class,
            e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("Redis refused the command");
  }

  private static Instant serverInstant(List<String> time) {
    return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1_000);
  }
}
