package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
}
