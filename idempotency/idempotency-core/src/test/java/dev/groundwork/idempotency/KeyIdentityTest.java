package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17, defect 3: a stored key identifies exactly one scoped key. What no store can keep
 * distinct is refused before it reaches one; what a store answers for another key is refused too.
 */
class KeyIdentityTest {

  private static final Fingerprint FP = Fingerprint.ofUtf8("request");

  private final InMemoryIdempotencyStore memory = InMemoryIdempotencyStore.builder().build();
  private final AtomicInteger runs = new AtomicInteger();

  private String run() {
    return "result-" + runs.incrementAndGet();
  }

  private Idempotency<String> over(IdempotencyStore store) {
    return Idempotency.builder(ResultCodec.utf8()).store(store).build();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "'x\uD800', an unpaired surrogate (U+D800) at index 1",
    "'\uDC00x', an unpaired surrogate (U+DC00) at index 0",
    "'x\uDFFF', an unpaired surrogate (U+DFFF) at index 1",
    "'a\u0007b', a control character (U+0007) at index 1",
    "'a\u202Eb', an invisible format character (U+202E) at index 1",
    "'a\u200Bb', an invisible format character (U+200B) at index 1",
    "'\uFEFFa', an invisible format character (U+FEFF) at index 0",
    "'a\u2028b', a line separator (U+2028) at index 1",
    "'a\u2029b', a line separator (U+2029) at index 1",
    "'a\uDB40\uDC01', an invisible format character (U+E0001) at index 1",
  })
  void keysThatCannotBeKeptDistinctOrReadAreRefused(String key, String why) {
    assertThatThrownBy(() -> over(memory).execute(key, FP, this::run))
        .isInstanceOfSatisfying(
            InvalidIdempotencyKeyException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
        .hasMessageContaining("holds " + why);
    assertThat(runs).hasValue(0);
    assertThat(memory.estimatedSize()).isZero();
  }

  @Test
  void keysThatDifferOnlyInTrailingSpaceOrSupplementaryCharactersAreDistinct() {
    Idempotency<String> idempotency = over(memory);
    for (String key : new String[] {"pad", "pad ", "pad  ", "x\uD83D\uDE00", "x\uD83D\uDE01"}) {
      assertThat(idempotency.execute(key, FP, this::run).replayed()).as(key).isFalse();
    }
    assertThat(runs).hasValue(5);
  }

  @Test
  void aKeyLongerThanTheStoreKeepsIsRefusedBeforeItReachesTheStore() {
    FlakyStore small = new FlakyStore(memory);
    small.maxKeyBytes = 40;
    Idempotency<String> idempotency = over(small); // prefix "default::" is 9 bytes
    String fits = "é".repeat(15) + "a"; // 31 bytes: 40 with the prefix
    String tooLong = "é".repeat(16); // 16 characters, 32 bytes: 41 with the prefix

    assertThat(idempotency.execute(fits, FP, this::run).replayed()).isFalse();
    assertThatThrownBy(() -> idempotency.execute(tooLong, FP, this::run))
        .isInstanceOf(InvalidIdempotencyKeyException.class)
        .hasMessageContaining("takes 41 bytes in UTF-8")
        .hasMessageContaining("at most 40");
    assertThat(small.claimOwners).hasSize(1);
  }

  /**
   * The byte count follows UTF-8 at each width's edge: U+07FF takes 2 bytes, U+0800 and U+FFFD 3,
   * U+10000 4, so the key below takes exactly 2 + 3 + 3 + 4 = 12 bytes after the 9 of its scope.
   */
  @Test
  void keyBytesAreCountedAsUtf8AtEachWidthsEdge() {
    String key = "\u07FF\u0800\uFFFD\uD800\uDC00";
    assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(12);
    FlakyStore exact = new FlakyStore(memory);
    exact.maxKeyBytes = 21;
    FlakyStore short1 = new FlakyStore(memory);
    short1.maxKeyBytes = 20;

    assertThat(over(exact).execute(key, FP, this::run).replayed()).isFalse();
    assertThatThrownBy(() -> over(short1).execute(key, FP, this::run))
        .isInstanceOf(InvalidIdempotencyKeyException.class)
        .hasMessageContaining("takes 21 bytes in UTF-8");
  }

  /**
   * A store whose keys ignore trailing spaces (MariaDB's utf8mb4_bin does) answered {@code "pad "}
   * with the result of {@code "pad"}; the executor now checks the key of every record it gets.
   */
  @Test
  void aRecordOfAnotherKeyIsNeverReplayed() {
    Idempotency<String> idempotency = over(new PaddingStore(memory));
    idempotency.execute("pad", FP, this::run);

    assertThatThrownBy(() -> idempotency.execute("pad ", FP, this::run))
        .isInstanceOfSatisfying(
            IdempotencyStoreException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("answered key 'default::pad ' with the record of key 'default::pad'");
    assertThat(runs).hasValue(1);
  }

  /** A store whose key comparison ignores trailing spaces, as a PAD SPACE collation does. */
  private static final class PaddingStore implements IdempotencyStore {
    final IdempotencyStore delegate;

    PaddingStore(IdempotencyStore delegate) {
      this.delegate = delegate;
    }

    private static String pad(String key) {
      return key.stripTrailing();
    }

    @Override
    public ClaimResult claim(ClaimRequest r) {
      return delegate.claim(
          new ClaimRequest(pad(r.key()), r.owner(), r.fingerprint(), r.lease(), r.retention()));
    }

    @Override
    public ClaimResult takeOver(ClaimRequest r, String expectedOwner, long expectedFence) {
      return delegate.takeOver(
          new ClaimRequest(pad(r.key()), r.owner(), r.fingerprint(), r.lease(), r.retention()),
          expectedOwner,
          expectedFence);
    }

    @Override
    public MutationResult complete(
        String key, String owner, long fence, byte[] result, Duration retention) {
      return delegate.complete(pad(key), owner, fence, result, retention);
    }

    @Override
    public MutationResult release(String key, String owner, long fence) {
      return delegate.release(pad(key), owner, fence);
    }

    @Override
    public Optional<IdempotencyRecord> read(String key) {
      return delegate.read(pad(key));
    }
  }
}
