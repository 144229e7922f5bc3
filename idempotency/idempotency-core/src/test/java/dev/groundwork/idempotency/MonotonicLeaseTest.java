package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.internal.MonotonicClock;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, defect 5: the in-memory store's leases followed the wall clock, so a forward step of
 * the system clock let a second caller take over a live lease. Leases are durations.
 */
class MonotonicLeaseTest {

  private static final Fingerprint FP = Fingerprint.ofUtf8("r");
  private static final Duration LEASE = Duration.ofSeconds(30);

  /** A wall clock the test steps by hand. */
  private static final class Wall implements InstantSource {
    private volatile Instant now = Instant.parse("2026-06-01T12:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    Instant get() {
      return now;
    }

    void set(Instant instant) {
      now = instant;
    }
  }

  private final Wall wall = new Wall();
  private final AtomicLong nanos = new AtomicLong(123_456_789L);
  private final InstantSource wallClock = wall;

  private static ClaimRequest request(String owner) {
    return new ClaimRequest("ns::k", owner, FP, LEASE, Duration.ofHours(24));
  }

  @Test
  void aForwardStepOfTheWallClockDoesNotEndALiveLease() {
    InMemoryIdempotencyStore store =
        InMemoryIdempotencyStore.builder().clock(new MonotonicClock(wallClock, nanos::get)).build();
    IdempotencyRecord held = store.claim(request("first")).record();

    wall.set(wall.get().plus(Duration.ofHours(1))); // the system clock jumps
    nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // one real second passes

    ClaimResult second = store.takeOver(request("second"), "first", held.fence());
    assertThat(second).isInstanceOf(ClaimResult.Existing.class);
    assertThat(second.record().owner()).isEqualTo("first");

    nanos.addAndGet(LEASE.toNanos()); // the lease has really run out
    assertThat(store.takeOver(request("second"), "first", held.fence()))
        .isInstanceOf(ClaimResult.Claimed.class);
  }

  /** What the store did before, on the wall clock itself: the jump handed the key over. */
  @Test
  void onTheWallClockItselfTheSameStepEndsTheLease() {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.builder().clock(wallClock).build();
    IdempotencyRecord held = store.claim(request("first")).record();

    wall.set(wall.get().plus(Duration.ofHours(1)));

    assertThat(store.takeOver(request("second"), "first", held.fence()))
        .isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  void theClockTellsTheTimeOfDayFromItsAnchorAndMovesOnlyWithTheCounter() {
    MonotonicClock clock = new MonotonicClock(wallClock, nanos::get);
    Instant anchor = wall.get();

    wall.set(anchor.minus(Duration.ofMinutes(5)));
    nanos.addAndGet(1_500);

    assertThat(clock.instant()).isEqualTo(anchor.plusNanos(1_500));
    assertThat(clock.toString()).contains(anchor.toString());
    assertThat(MonotonicClock.system().instant())
        .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
  }
}
