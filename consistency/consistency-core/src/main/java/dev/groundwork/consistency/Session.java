package dev.groundwork.consistency;

/**
 * A sequence of operations by one user that sees its own writes and never goes back in time
 * (Foundations §7: read-your-writes, monotonic reads), even at weak levels. Not thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Session<K, V> {

  /**
   * Reads a key; if the replicas that answered are behind what this session wrote or read, reads
   * again from every replica; if still behind, fails.
   *
   * @param key the key
   * @return a result at least as new as everything this session saw of the key
   * @throws QuorumException if no quorum answered
   * @throws SessionGuaranteeException if no answer was new enough within the deadline
   */
  ReadResult<V> read(K key);

  /**
   * Writes a value after everything this session saw of the key.
   *
   * @param key the key
   * @param value the value
   * @return the outcome; on SUCCESS the session remembers the version
   */
  WriteResult write(K key, V value);

  /**
   * The asynchronous form of {@link #read(Object)}.
   *
   * @param key the key
   * @return a stage with the result, failing as {@link #read(Object)} throws
   */
  java.util.concurrent.CompletionStage<ReadResult<V>> readAsync(K key);

  /**
   * The asynchronous form of {@link #write(Object, Object)}.
   *
   * @param key the key
   * @param value the value
   * @return a stage with the outcome
   */
  java.util.concurrent.CompletionStage<WriteResult> writeAsync(K key, V value);
}
