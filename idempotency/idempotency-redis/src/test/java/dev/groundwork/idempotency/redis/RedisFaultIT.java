package dev.groundwork.idempotency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyStoreUnavailableException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.testkit.RetryStorm;
import dev.groundwork.testing.servers.ManagedRedis;
import dev.groundwork.testing.servers.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Redis is stopped in the middle of concurrent executes and started again. The server keeps an
 * append-only file synced on every write, as a Redis holding idempotency keys should, so what it
 * acknowledged survives the restart.
 */
class RedisFaultIT {

  private static final int THREADS = 8;
  private static final int KEYS = 48;

  @Test
  void noOperationRunsTwiceAndTheStoreRecovers(@TempDir Path dataDir) throws Exception {
    try (ManagedRedis server = ManagedRedis.startPersistent(dataDir);
        RedisIdempotencyStore store =
            RedisIdempotencyStore.builder(server.endpoint().uri())
                .keyPrefix(TestServers.uniqueName("fault") + ":")
                .build()) {
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8())
              .store(store)
              .lease(Duration.ofMinutes(10))
              .build();

      RetryStorm storm = RetryStorm.start(idempotency, THREADS, KEYS, Duration.ofSeconds(40));
      storm.awaitCompleted(KEYS / 4);
      server.stop();
      storm.awaitUnavailable(THREADS);
      server.resume();
      storm.finish();

      System.out.println("RedisFaultIT: " + storm);
      assertThat(storm.unavailableAnswers())
          .as("callers saw Redis down")
          .isGreaterThanOrEqualTo(THREADS);
      storm.assertSafe();
      IdempotentResult<String> after =
          idempotency.execute("after-restart", Fingerprint.ofUtf8("x"), () -> "works");
      assertThat(after.value()).isEqualTo("works");
      assertThat(
              idempotency.execute("after-restart", Fingerprint.ofUtf8("x"), () -> "no").replayed())
          .isTrue();
    }
  }

  @Test
  void aPrimaryDemotedToAReplicaIsUnavailableRatherThanBroken() {
    // What a client still pointed at the old primary sees during a failover: READONLY replies.
    try (ManagedRedis primary = ManagedRedis.start();
        ManagedRedis demoted = ManagedRedis.start();
        Jedis admin = new Jedis(demoted.endpoint().host(), demoted.endpoint().port());
        RedisClient client =
            RedisClient.create(demoted.endpoint().host(), demoted.endpoint().port())) {
      admin.replicaof(primary.endpoint().host(), primary.endpoint().port());
      Idempotency<String> idempotency =
          Idempotency.builder(ResultCodec.utf8())
              .store(RedisIdempotencyStore.builder(client).build())
              .claimRetries(0)
              .build();
      AtomicInteger runs = new AtomicInteger();

      assertThatThrownBy(
              () ->
                  idempotency.execute(
                      "k", Fingerprint.ofUtf8("r"), () -> "ran " + runs.incrementAndGet()))
          .isInstanceOfSatisfying(
              IdempotencyStoreUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
          .hasMessageContaining("READONLY");
      assertThat(runs).as("nothing runs while the store cannot record it").hasValue(0);
    }
  }
}
