package dev.groundwork.idempotency.internal;

import dev.groundwork.idempotency.FailurePolicy;
import dev.groundwork.idempotency.IdempotencyListener;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.Ticker;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable options of an executor, as {@code Idempotency.Builder} made them.
 *
 * @param store the store
 * @param codec the result codec
 * @param namespace the key namespace
 * @param retention how long results are replayed
 * @param lease how long an execution holds its key
 * @param maxKeyLength the longest key accepted
 * @param failurePolicy what failures do to a key
 * @param ticker the monotonic clock for timing
 * @param claimRetries repeats of a claim after a retryable store failure
 * @param completeRetryBudget how long a complete that failed retryably is repeated, within the
 *     lease
 * @param listeners the event listeners
 * @param <T> the result type
 */
public record ExecutorConfig<T>(
    IdempotencyStore store,
    ResultCodec<T> codec,
    String namespace,
    Duration retention,
    Duration lease,
    int maxKeyLength,
    FailurePolicy<T> failurePolicy,
    Ticker ticker,
    int claimRetries,
    Duration completeRetryBudget,
    List<IdempotencyListener> listeners) {}
