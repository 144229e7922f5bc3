package dev.groundwork.idempotency;

import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.spi.MutationResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real in-memory store behind a switch that makes calls fail the way a remote store does: before
 * reaching the store, or after it applied the change but before the reply arrived.
 */
final class FlakyStore implements IdempotencyStore {

  enum Failure {
    NONE,
    UNREACHABLE,
    REPLY_LOST,
    BROKEN
  }

  private final IdempotencyStore delegate;
  final List<String> claimOwners = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();

  /** The thread of each complete call, in order. */
  final List<Thread> completeThreads = new CopyOnWriteArrayList<>();

  volatile Failure claimFailure = Failure.NONE;
  volatile Failure completeFailure = Failure.NONE;
  volatile Failure releaseFailure = Failure.NONE;

  /** What {@link #maxKeyBytes()} declares; no limit unless a test sets one. */
  volatile int maxKeyBytes = Integer.MAX_VALUE;

  FlakyStore(IdempotencyStore delegate) {
    this.delegate = delegate;
  }

  FlakyStore failClaims(Failure failure, int times) {
    claimFailure = failure;
    failuresLeft.set(times);
    return this;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    claimOwners.add(request.owner());
    return call(claimFailure, () -> delegate.claim(request));
  }

  @Override
  public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
    return delegate.takeOver(request, expectedOwner, expectedFence);
  }

  @Override
  public MutationResult complete(
      String key, String owner, long fence, byte[] result, Duration retention) {
    completeThreads.add(Thread.currentThread());
    return call(completeFailure, () -> delegate.complete(key, owner, fence, result, retention));
  }

  @Override
  public MutationResult release(String key, String owner, long fence) {
    return call(releaseFailure, () -> delegate.release(key, owner, fence));
  }

  @Override
  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  @Override
  public Optional<IdempotencyRecord> read(String key) {
    return delegate.read(key);
  }

  private <R> R call(Failure failure, java.util.function.Supplier<R> op) {
    if (failure == Failure.NONE || failuresLeft.getAndDecrement() <= 0) {
      return op.get();
    }
    switch (failure) {
      case UNREACHABLE ->
          throw new IdempotencyStoreUnavailableException(null, "connection refused (test)", null);
      case REPLY_LOST -> {
        R applied = op.get();
        throw new IdempotencyStoreUnavailableException(
            null, "read timed out after " + applied + " (test)", null);
      }
      default -> throw new IllegalStateException("driver bug (test)");
    }
  }
}
