package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory store stays bounded and never evicts a key that is being worked on. */
class InMemoryStoreBoundsTest {

  @Test
  void aStreamOfUniqueKeysDoesNotGrowTheStoreBeyondItsBound() {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().maximumSize(500).build();
    Idempotency<String> idempotency = Idempotency.builder(ResultCodec.utf8()).store(store).build();

    for (int i = 0; i < 20_000; i++) {
      idempotency.execute("key-" + i, Fingerprint.ofUtf8("r" + i), () -> "ok");
    }

    assertThat(store.estimatedSize()).isLessThanOrEqualTo(500);
  }

  @Test
  void inProgressKeysSurviveEvictionPressure() {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().maximumSize(100).build();
    Idempotency<String> idempotency = Idempotency.builder(ResultCodec.utf8()).store(store).build();
    List<CompletableFuture<String>> running = new ArrayList<>();
    List<CompletionStage<IdempotentResult<String>>> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      CompletableFuture<String> op = new CompletableFuture<>();
      running.add(op);
      held.add(idempotency.executeAsync("held-" + i, Fingerprint.ofUtf8("h"), () -> op));
    }

    for (int i = 0; i < 5_000; i++) {
      idempotency.execute("flood-" + i, Fingerprint.ofUtf8("f"), () -> "ok");
    }
    store.estimatedSize();

    for (int i = 0; i < 10; i++) {
      assertThat(store.read(idempotency.scopedKey("held-" + i))).isPresent();
      running.get(i).complete("done-" + i);
      assertThat(held.get(i).toCompletableFuture().join().value()).isEqualTo("done-" + i);
    }
  }

  @Test
  void expiredRecordsLeaveTheStoreOnItsOwnClock() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(start);
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().clock(now::get).build();
    Idempotency<String> idempotency =
        Idempotency.builder(ResultCodec.utf8())
            .store(store)
            .retention(Duration.ofMinutes(1))
            .lease(Duration.ofSeconds(10))
            .build();
    for (int i = 0; i < 3; i++) {
      idempotency.execute("key-" + i, Fingerprint.ofUtf8("r"), () -> "ok");
    }
    assertThat(store.estimatedSize()).isEqualTo(3);

    now.set(start.plus(Duration.ofMinutes(1)).minusMillis(1));
    assertThat(store.estimatedSize()).isEqualTo(3);
    // Caffeine's timer wheel reclaims expired entries in buckets of about a second.
    now.set(start.plus(Duration.ofMinutes(1)).plusSeconds(5));
    assertThat(store.estimatedSize()).as("space is reclaimed, not only hidden").isZero();
  }
}
