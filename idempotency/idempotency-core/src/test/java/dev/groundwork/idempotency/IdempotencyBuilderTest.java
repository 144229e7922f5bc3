package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every option is checked at build() with a message naming the option, value and range. */
class IdempotencyBuilderTest {

  private final InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().build();

  private Idempotency.Builder<String> builder() {
    return Idempotency.builder(ResultCodec.utf8()).store(store);
  }

  @Test
  void theDefaultsBuild() {
    Idempotency<String> idempotency = builder().build();
    assertThat(idempotency.scopedKey("k")).isEqualTo("default::k");
    assertThat(Idempotency.DEFAULT_RETENTION).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void aStoreIsRequired() {
    assertThatThrownBy(() -> Idempotency.builder(ResultCodec.utf8()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("store is required");
  }

  @Test
  void durationsMustBePositiveAndTheLeaseWithinRetention() {
    assertThatThrownBy(() -> builder().lease(Duration.ZERO).build())
        .hasMessage("lease must be positive, got PT0S");
    assertThatThrownBy(() -> builder().retention(Duration.ofSeconds(-1)).build())
        .hasMessage("retention must be positive, got PT-1S");
    assertThatThrownBy(
            () -> builder().lease(Duration.ofMinutes(5)).retention(Duration.ofMinutes(1)).build())
        .hasMessage("lease (PT5M) must not be longer than retention (PT1M)");
  }

  @Test
  void namespaceKeyLengthAndRetriesAreBounded() {
    assertThatThrownBy(() -> builder().namespace("has space").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace must be 1 to 64 characters")
        .hasMessageContaining("'has space'");
    assertThatThrownBy(() -> builder().maxKeyLength(0).build())
        .hasMessage("maxKeyLength must be 1 to 1024, got 0");
    assertThatThrownBy(() -> builder().claimRetries(6).build())
        .hasMessage("claimRetries must be 0 to 5, got 6");
    assertThatThrownBy(() -> InMemoryIdempotencyStore.builder().maximumSize(0).build())
        .hasMessage("maximumSize must be at least 1, got 0");
  }
}
