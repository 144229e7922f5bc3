package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import dev.groundwork.idempotency.spi.RecordState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A deliberately simple model of the store's rules, run side by side with a real store: every
 * operation is applied to both and their answers must agree. Three owners, two keys, two
 * fingerprints.
 */
public final class ModelStore {

  private static final int OWNERS = 3;
  private static final int KEYS = 2;
  private static final Fingerprint[] FINGERPRINTS = {
    Fingerprint.ofUtf8("model request 0"), Fingerprint.ofUtf8("model request 1")
  };

  private final IdempotencyStore store;
  private final ManualClock clock;
  private final String namespace;
  private final Duration lease;
  private final Duration retention;
  private final Map<String, IdempotencyRecord> records = new HashMap<>();
  private final Map<String, Long> fenceHeld = new HashMap<>();

  /**
   * Creates a model over a store.
   *
   * @param store the store under test
   * @param clock the store's clock
   * @param namespace a key prefix no other test uses
   * @param lease the lease every claim asks for
   * @param retention the retention every claim and complete asks for
   */
  public ModelStore(
      IdempotencyStore store,
      ManualClock clock,
      String namespace,
      Duration lease,
      Duration retention) {
    this.store = store;
    this.clock = clock;
    this.namespace = namespace;
    this.lease = lease;
    this.retention = retention;
  }

  /** One step of a sequence. */
  public sealed interface Op {}

  /**
   * An owner claims a key with a fingerprint.
   *
   * @param owner owner index
   * @param key key index
   * @param fingerprint fingerprint index
   */
  public record Claim(int owner, int key, int fingerprint) implements Op {}

  /**
   * An owner takes over a key from its current holder (or from a made-up holder).
   *
   * @param owner owner index
   * @param key key index
   * @param fromHolder true to name the model's current holder, false to name a wrong one
   */
  public record TakeOver(int owner, int key, boolean fromHolder) implements Op {}

  /**
   * An owner completes a key with the fence it last got (or a wrong one).
   *
   * @param owner owner index
   * @param key key index
   * @param wrongFence true to present a fence the owner never got
   * @param value the result byte
   */
  public record Complete(int owner, int key, boolean wrongFence, int value) implements Op {}

  /**
   * An owner releases a key with the fence it last got (or a wrong one).
   *
   * @param owner owner index
   * @param key key index
   * @param wrongFence true to present a fence the owner never got
   */
  public record Release(int owner, int key, boolean wrongFence) implements Op {}

  /**
   * Time passes.
   *
   * @param millis how many milliseconds
   */
  public record Advance(long millis) implements Op {}

  /**
   * A key is read.
   *
   * @param key key index
   */
  public record Read(int key) implements Op {}

  /**
   * Generates single operations, weighted towards the interesting ones. Each shrinks towards owner
   * 0, key 0, the right fence and the shortest clock move, so a failing sequence shrinks to the
   * simplest steps that still fail.
   *
   * @return the generator
   */
  public static Gen<Op> ops() {
    Gen<Integer> owner = integers().between(0, OWNERS - 1);
    Gen<Integer> key = integers().between(0, KEYS - 1);
    Gen<Boolean> flag = booleans().all();
    Gen<Boolean> mostlyRight = arbitrary().pick(false, false, true);
    long leaseMs = IdempotencyStoreContract.LEASE.toMillis();
    long retentionMs = IdempotencyStoreContract.RETENTION.toMillis();
    return Generate.frequency(
        List.of(
            Pair.of(
                4, owner.zip(key, integers().between(0, 1), (o, k, f) -> (Op) new Claim(o, k, f))),
            Pair.of(2, owner.zip(key, flag, (o, k, h) -> (Op) new TakeOver(o, k, h))),
            Pair.of(
                3,
                owner.zip(
                    key,
                    mostlyRight,
                    integers().between(0, 255),
                    (o, k, w, v) -> (Op) new Complete(o, k, w, v))),
            Pair.of(2, owner.zip(key, mostlyRight, (o, k, w) -> (Op) new Release(o, k, w))),
            Pair.of(
                2,
                arbitrary()
                    .pick(
                        1L,
                        leaseMs / 2,
                        leaseMs - 1,
                        leaseMs,
                        retentionMs / 2,
                        retentionMs - 1,
                        retentionMs)
                    .map(ms -> (Op) new Advance(ms))),
            Pair.of(1, key.map(k -> (Op) new Read(k)))));
  }

  /**
   * Generates sequences of up to {@code maxLength} operations; they shrink by dropping and
   * simplifying steps.
   *
   * @param maxLength the longest sequence, at least 0
   * @return the generator
   */
  public static Gen<List<Op>> sequences(int maxLength) {
    return lists().of(ops()).ofSizeBetween(0, maxLength);
  }

  /**
   * Applies one operation to the store and the model and checks that they agree.
   *
   * @param op the operation
   */
  public void apply(Op op) {
    Instant now = clock.instant();
    if (op instanceof Claim c) {
      claim(c, now);
    } else if (op instanceof TakeOver t) {
      takeOver(t, now);
    } else if (op instanceof Complete c) {
      complete(c, now);
    } else if (op instanceof Release r) {
      release(r, now);
    } else if (op instanceof Advance a) {
      clock.advance(Duration.ofMillis(a.millis()));
    } else if (op instanceof Read r) {
      String key = key(r.key());
      assertThat(store.read(key)).as("read %s", key).isEqualTo(Optional.ofNullable(live(key, now)));
    }
  }

  private void claim(Claim c, Instant now) {
    String key = key(c.key());
    ClaimRequest request = request(key, c.owner(), c.fingerprint());
    ClaimResult actual = store.claim(request);
    expectClaim(op(c), request, live(key, now), actual, now);
  }

  private void takeOver(TakeOver t, Instant now) {
    String key = key(t.key());
    ClaimRequest request = request(key, t.owner(), 0);
    IdempotencyRecord current = live(key, now);
    String expectedOwner = t.fromHolder() && current != null ? current.owner() : "nobody";
    long expectedFence = t.fromHolder() && current != null ? current.fence() : 1;
    ClaimResult actual = store.takeOver(request, expectedOwner, expectedFence);
    String what = op(t);
    if (current != null
        && current.isHeldBy(expectedOwner, expectedFence)
        && current.isLeaseExpiredAt(now)) {
      Instant leaseDeadline = now.plus(lease);
      IdempotencyRecord taken =
          IdempotencyRecord.inProgress(
              key,
              request.owner(),
              current.fence() + 1,
              current.fingerprint(),
              leaseDeadline,
              current.expiresAt().isAfter(leaseDeadline) ? current.expiresAt() : leaseDeadline);
      assertThat(actual).as(what).isEqualTo(new ClaimResult.Claimed(taken, now));
      hold(key, t.owner(), taken);
      return;
    }
    expectClaim(what, request, current, actual, now);
  }

  private void expectClaim(
      String what,
      ClaimRequest request,
      @Nullable IdempotencyRecord current,
      ClaimResult actual,
      Instant now) {
    int owner = ownerIndex(request.owner());
    if (current == null) {
      assertThat(actual).as(what).isInstanceOf(ClaimResult.Claimed.class);
      IdempotencyRecord expected =
          IdempotencyRecord.inProgress(
              request.key(),
              request.owner(),
              actual.record().fence(),
              request.fingerprint(),
              now.plus(lease),
              now.plus(retention));
      assertThat(actual.record()).as(what).isEqualTo(expected);
      assertThat(actual.observedAt()).as(what).isEqualTo(now);
      hold(request.key(), owner, expected);
    } else if (current.state() == RecordState.IN_PROGRESS
        && current.owner().equals(request.owner())
        && current.fingerprint().equals(request.fingerprint())) {
      assertThat(actual).as(what).isEqualTo(new ClaimResult.Claimed(current, now));
    } else {
      assertThat(actual).as(what).isEqualTo(new ClaimResult.Existing(current, now));
    }
  }

  private void complete(Complete c, Instant now) {
    String key = key(c.key());
    String owner = owner(c.owner());
    long fence = fence(key, c.owner(), c.wrongFence());
    byte[] result = {(byte) c.value()};
    MutationResult actual = store.complete(key, owner, fence, result, retention);
    IdempotencyRecord current = live(key, now);
    MutationResult expected;
    if (current == null) {
      expected = MutationResult.MISSING;
    } else if (!current.isHeldBy(owner, fence)) {
      expected = MutationResult.STALE_OWNER;
    } else {
      expected = MutationResult.APPLIED;
      if (current.state() == RecordState.IN_PROGRESS) {
        records.put(
            key,
            IdempotencyRecord.completed(
                key, owner, fence, current.fingerprint(), now, now.plus(retention), result));
      }
    }
    assertThat(actual).as(op(c)).isEqualTo(expected);
  }

  private void release(Release r, Instant now) {
    String key = key(r.key());
    String owner = owner(r.owner());
    long fence = fence(key, r.owner(), r.wrongFence());
    MutationResult actual = store.release(key, owner, fence);
    IdempotencyRecord current = live(key, now);
    MutationResult expected;
    if (current == null) {
      expected = MutationResult.MISSING;
    } else if (current.state() == RecordState.IN_PROGRESS && current.isHeldBy(owner, fence)) {
      expected = MutationResult.APPLIED;
      records.remove(key);
    } else {
      expected = MutationResult.STALE_OWNER;
    }
    assertThat(actual).as(op(r)).isEqualTo(expected);
  }

  private @Nullable IdempotencyRecord live(String key, Instant now) {
    IdempotencyRecord record = records.get(key);
    if (record != null && record.isExpiredAt(now)) {
      records.remove(key);
      return null;
    }
    return record;
  }

  private void hold(String key, int owner, IdempotencyRecord record) {
    records.put(key, record);
    fenceHeld.put(owner + "@" + key, record.fence());
  }

  private long fence(String key, int owner, boolean wrong) {
    long held = fenceHeld.getOrDefault(owner + "@" + key, 1L);
    return wrong ? held + 1000 : held;
  }

  private ClaimRequest request(String key, int owner, int fingerprint) {
    return new ClaimRequest(key, owner(owner), FINGERPRINTS[fingerprint], lease, retention);
  }

  private String key(int index) {
    return namespace + "::model-" + index;
  }

  private static String owner(int index) {
    return "owner-" + index;
  }

  private static int ownerIndex(String owner) {
    return Integer.parseInt(owner.substring("owner-".length()));
  }

  private String op(Op op) {
    return op + " at " + clock.instant();
  }
}
