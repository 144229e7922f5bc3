package dev.groundwork.idempotency.jdbc;

import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.ClaimResult;
import dev.groundwork.idempotency.spi.IdempotencyRecord;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import dev.groundwork.idempotency.testkit.ManualClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The transactional form ({@link JdbcIdempotencyStore#onConnection}) as a store the contract suite
 * can run: one connection of its own in auto-commit mode, so each call commits as the caller's
 * transaction would at its end, closed with the store.
 */
final class OnConnectionStore implements IdempotencyStore {

  private final JdbcIdempotencyStore pooled;
  private final Connection connection;
  private final IdempotencyStore onConnection;

  OnConnectionStore(JdbcContractSupport db, ManualClock clock) {
    this.pooled = db.store(clock);
    try {
      this.connection = db.pool().getConnection();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("no connection for the transactional store", e);
    }
    this.onConnection = pooled.onConnection(connection);
  }

  /** Sweeps through the pooled form of the same table. */
  void sweep() {
    pooled.sweepExpired(10_000);
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return onConnection.claim(request);
  }

  @Override
  public ClaimResult takeOver(ClaimRequest request, String expectedOwner, long expectedFence) {
    return onConnection.takeOver(request, expectedOwner, expectedFence);
  }

  @Override
  public dev.groundwork.idempotency.spi.MutationResult complete(
      String key, String owner, long fence, byte[] result, Duration retention) {
    return onConnection.complete(key, owner, fence, result, retention);
  }

  @Override
  public dev.groundwork.idempotency.spi.MutationResult release(
      String key, String owner, long fence) {
    return onConnection.release(key, owner, fence);
  }

  @Override
  public Optional<IdempotencyRecord> read(String key) {
    return onConnection.read(key);
  }

  @Override
  public int maxKeyBytes() {
    return onConnection.maxKeyBytes();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("could not close the transactional store's connection", e);
    }
  }
}
