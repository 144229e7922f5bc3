package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.spi.ClaimRequest;
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
    assertThatThrownBy(() -> builder().maxKeyLength(1025).build())
        .hasMessage("maxKeyLength must be 1 to 1024, got 1025");
    assertThatThrownBy(() -> builder().claimRetries(-1).build())
        .hasMessage("claimRetries must be 0 to 5, got -1");
  }

  @Test
  void everyBoundOfTheAllowedRangesIsItselfAllowed() {
    Duration minute = Duration.ofMinutes(1);
    assertThat(builder().lease(minute).retention(minute).build()).isNotNull();
    assertThat(new ClaimRequest("k", "owner", Fingerprint.ofUtf8("r"), minute, minute).retention())
        .isEqualTo(minute);
    assertThat(builder().maxKeyLength(1).build().scopedKey("k")).isEqualTo("default::k");
    assertThat(builder().maxKeyLength(1024).build().scopedKey("k".repeat(1024))).hasSize(1033);
    assertThat(builder().claimRetries(0).build()).isNotNull();
    assertThat(builder().claimRetries(5).build()).isNotNull();
    InMemoryIdempotencyStore single = InMemoryIdempotencyStore.builder().maximumSize(1).build();
    assertThat(single.estimatedSize()).isZero();
  }

  @Test
  void aLongBadKeyIsAbbreviatedInTheErrorAfter64Characters() {
    Idempotency<String> idempotency = builder().build();
    String exactly64 = "a".repeat(63) + "\t";
    String longer = "b".repeat(64) + "\t";

    assertThatThrownBy(() -> idempotency.scopedKey(exactly64))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class, e -> assertThat(e.key()).isEqualTo(exactly64));
    assertThatThrownBy(() -> idempotency.scopedKey(longer))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class,
            e -> assertThat(e.key()).isEqualTo("b".repeat(64) + "…"));
  }
}
