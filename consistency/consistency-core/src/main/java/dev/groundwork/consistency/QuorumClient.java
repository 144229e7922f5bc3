package dev.groundwork.consistency;

import dev.groundwork.consistency.internal.ClientConfig;
import dev.groundwork.consistency.internal.DefaultQuorumClient;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a key on N replicas, waiting for R of them to read and W to write (Foundations
 * §2, §6, §7). With R + W > N every read quorum meets every write quorum, so a read sees the latest
 * successful write ({@link #isStrong()}); with less, reads are faster and may be stale.
 *
 * <pre>{@code
 * QuorumClient<String, String> client = QuorumClient.<String, String>builder("client-1")
 *     .replicas(List.of(a, b, c))               // N = 3
 *     .readLevel(ConsistencyLevel.QUORUM)        // R = 2
 *     .writeLevel(ConsistencyLevel.QUORUM)       // W = 2
 *     .build();
 * ReadResult<String> read = client.read("cart:42");
 * client.write("cart:42", "milk,eggs", read.context()).requireSuccess();
 * }</pre>
 *
 * <p>Every write is a dotted version (Foundations §7): a unique {@link Dot} of its own and the
 * context it was made from, the context of the read it follows. It supersedes exactly the versions
 * that context has seen, whatever the number of threads or clients writing. A write whose writer
 * did not see another (a blind write, a stale read, a concurrent thread) becomes its sibling; reads
 * return siblings together until a write with their context (or a {@link Resolver}) supersedes
 * them. Failed or silent replicas get hints, replayed when they answer again; hints never count
 * toward W.
 *
 * <p>A client is thread-safe and meant to be shared. It owns the deadline thread it starts when no
 * {@link Builder#scheduler scheduler} is given, and {@link #close()} stops it; it never closes the
 * replicas, which belong to the caller.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface QuorumClient<K, V> extends AutoCloseable {

  /**
   * Starts a builder.
   *
   * @param nodeId this client's id; its writes' dots carry it with a suffix of each client
   *     instance, so that a restarted client never reuses a dot
   * @param <K> the key type
   * @param <V> the value type
   * @return a builder
   */
  static <K, V> Builder<K, V> builder(String nodeId) {
    return new Builder<>(nodeId);
  }

  /**
   * Reads a key at the client's read level.
   *
   * @param key the key
   * @return the siblings, the resolved value and the replicas involved
   * @throws QuorumException if fewer than R replicas answered before the deadline
   */
  ReadResult<V> read(K key);

  /**
   * The asynchronous form of {@link #read(Object)}.
   *
   * @param key the key
   * @return a stage with the result, failing with {@link QuorumException}
   */
  CompletionStage<ReadResult<V>> readAsync(K key);

  /**
   * Reads a key at a given level and availability mode, overriding the client's for this call.
   *
   * @param key the key
   * @param level how many replicas to wait for (1 to N)
   * @param availability CP to fail without the quorum, AP to answer from fewer, flagged
   * @return a stage with the result, failing with {@link QuorumException} (AP: only when no replica
   *     answered)
   * @throws ConsistencyArgumentException if the level needs more than N replicas
   */
  CompletionStage<ReadResult<V>> readAsync(
      K key, ConsistencyLevel level, Availability availability);

  /**
   * Writes a value at a given level, overriding the client's for this call.
   *
   * @param key the key
   * @param value the value
   * @param context the context of the read this write follows
   * @param level how many acknowledgements to wait for (1 to N)
   * @return a stage with the outcome
   * @throws ConsistencyArgumentException if the level needs more than N replicas
   */
  CompletionStage<WriteResult> writeAsync(
      K key, V value, VectorClock context, ConsistencyLevel level);

  /**
   * Writes a value at the client's write level.
   *
   * @param key the key
   * @param value the value
   * @param context the context of the read this write follows, or the {@link WriteResult#clock()}
   *     of an earlier write; {@link VectorClock#empty()} for a blind write, which becomes a sibling
   *     of anything already there
   * @return the outcome; call {@link WriteResult#requireSuccess()} to throw when it is not SUCCESS
   */
  WriteResult write(K key, V value, VectorClock context);

  /**
   * The asynchronous form of {@link #write(Object, Object, VectorClock)}.
   *
   * @param key the key
   * @param value the value
   * @param context the context
   * @return a stage with the outcome (never failing for quorum reasons)
   */
  CompletionStage<WriteResult> writeAsync(K key, V value, VectorClock context);

  /**
   * Deletes a key by writing a tombstone.
   *
   * @param key the key
   * @param context the context of the read this delete follows
   * @return the outcome
   */
  WriteResult delete(K key, VectorClock context);

  /**
   * Sends every pending hint to its replica.
   *
   * @return how many hints were delivered
   */
  int replayHints();

  /**
   * How many hints wait for a replica.
   *
   * @param replicaId the replica
   * @return the count
   */
  int pendingHints(String replicaId);

  /**
   * A session with read-your-writes and monotonic reads (Foundations §7).
   *
   * @return a new session; not thread-safe, one per user or request flow
   */
  Session<K, V> session();

  /**
   * How many extra read requests hedging has sent.
   *
   * @return the count since the client was built; 0 without hedging
   */
  long hedgesSent();

  /**
   * Stops the client's own deadline thread, if it started one. Operations in flight may then never
   * complete; close after them. The replicas are not closed.
   */
  @Override
  void close();

  /**
   * Whether every read quorum meets every write quorum.
   *
   * @return R + W > N
   */
  boolean isStrong();

  /**
   * The replication factor.
   *
   * @return N
   */
  int n();

  /**
   * The read quorum.
   *
   * @return R
   */
  int r();

  /**
   * The write quorum.
   *
   * @return W
   */
  int w();

  /**
   * Builds a {@link QuorumClient}; {@link #build()} validates everything.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  final class Builder<K, V> {
    private final String nodeId;
    private final List<Replica<K, V>> replicas = new ArrayList<>();
    private ConsistencyLevel readLevel = ConsistencyLevel.QUORUM;
    private ConsistencyLevel writeLevel = ConsistencyLevel.QUORUM;
    private Duration timeout = Duration.ofSeconds(1);
    private ReadRepair readRepair = ReadRepair.BLOCKING;
    private @Nullable Resolver<V> resolver;
    private @Nullable Scheduler scheduler;
    private Duration suspicion = Duration.ofSeconds(5);
    private @Nullable HedgePolicy hedging;
    private final List<QuorumListener> listeners = new ArrayList<>();
    private @Nullable HybridLogicalClock timestamps;
    private java.util.function.LongSupplier nanoTime = System::nanoTime;
    private final List<Replica<K, V>> standIns = new ArrayList<>();
    private HintPolicy hints = HintPolicy.defaults();
    private java.util.function.ToLongFunction<? super V> weigher = Builder::defaultWeight;

    private Builder(String nodeId) {
      if (nodeId == null || nodeId.isBlank()) {
        throw new ConsistencyArgumentException("nodeId must not be blank");
      }
      this.nodeId = nodeId;
    }

    /**
     * The replicas; their number is N. Required.
     *
     * @param replicas at least one, with distinct ids
     * @return this builder
     */
    public Builder<K, V> replicas(List<? extends Replica<K, V>> replicas) {
      this.replicas.clear();
      this.replicas.addAll(replicas);
      return this;
    }

    /**
     * How many replicas a read waits for. Default {@link ConsistencyLevel#QUORUM}.
     *
     * @param level the level, 1 to N replicas
     * @return this builder
     */
    public Builder<K, V> readLevel(ConsistencyLevel level) {
      this.readLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * How many replicas a write waits for. Default {@link ConsistencyLevel#QUORUM}.
     *
     * @param level the level, 1 to N replicas
     * @return this builder
     */
    public Builder<K, V> writeLevel(ConsistencyLevel level) {
      this.writeLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * The deadline of every operation, read repair included. Default 1 s.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder<K, V> timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * What reads do about stale replicas. Default {@link ReadRepair#BLOCKING}.
     *
     * @param readRepair the mode
     * @return this builder
     */
    public Builder<K, V> readRepair(ReadRepair readRepair) {
      this.readRepair = Objects.requireNonNull(readRepair, "readRepair");
      return this;
    }

    /**
     * Resolves siblings into one value on read. Default none: reads return every sibling and {@link
     * ReadResult#resolved()} is empty when there are several.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder<K, V> resolver(Resolver<V> resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Where deadlines are scheduled. Default a daemon single-thread scheduler of the client's own.
     *
     * @param scheduler the scheduler (a simulation passes its manual one)
     * @return this builder
     */
    public Builder<K, V> scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * How long a replica that refused a request is believed down: while fewer than W replicas are
     * believed up, writes are not sent ({@link WriteOutcome#NOT_APPLIED}). Default 5 s.
     *
     * @param suspicion positive
     * @return this builder
     */
    public Builder<K, V> suspicion(Duration suspicion) {
      this.suspicion = Objects.requireNonNull(suspicion, "suspicion");
      return this;
    }

    /**
     * How hints are replayed and bounded. Default {@link HintPolicy#defaults()}: first replay 1 s
     * after a miss, backing off to 1 min, hints kept 3 h, at most 100,000 hinted keys per replica.
     *
     * @param hints the policy
     * @return this builder
     */
    public Builder<K, V> hints(HintPolicy hints) {
      this.hints = Objects.requireNonNull(hints, "hints");
      return this;
    }

    /**
     * How many bytes a value weighs, for the hint byte bound of {@link #hints(HintPolicy)}; each
     * hinted version also counts 64 bytes and 16 per entry of its context. Default: two per {@code
     * char} of a {@code String}, the length of a {@code byte[]}, and nothing more for any other
     * type (which the per-version overhead still bounds).
     *
     * @param weigher the weight of a value, at least 0
     * @return this builder
     */
    public Builder<K, V> hintWeigher(java.util.function.ToLongFunction<? super V> weigher) {
      this.weigher = Objects.requireNonNull(weigher, "weigher");
      return this;
    }

    private static long defaultWeight(Object value) {
      if (value instanceof String s) {
        return 2L * s.length();
      }
      if (value instanceof byte[] b) {
        return b.length;
      }
      return 0;
    }

    /**
     * Hedges reads: ask R replicas first and more only when they are slow. Default none: every read
     * asks all N replicas at once and completes at the R-th answer.
     *
     * @param hedging the delay and budget
     * @return this builder
     */
    public Builder<K, V> hedging(HedgePolicy hedging) {
      this.hedging = Objects.requireNonNull(hedging, "hedging");
      return this;
    }

    /**
     * Stamps every write with a hybrid logical clock timestamp, so that {@link
     * Resolver#lastWriteWins()} can resolve siblings (the opt-in last-write-wins mode). Default
     * none: writes carry only their vector clock.
     *
     * @param timestamps this client's clock
     * @return this builder
     */
    public Builder<K, V> timestamps(HybridLogicalClock timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /**
     * Opts in to sloppy quorums: while a home replica is believed down, writes go to a stand-in in
     * its place, whose acknowledgement counts toward W; the home replica gets a hint. Writes stay
     * available through more failures, at a price: a quorum read of the home replicas may not see a
     * sloppily acknowledged write until the hint is delivered, so R + W > N no longer guarantees
     * it. Default none: strict quorums.
     *
     * @param standIns replicas outside the N, with ids distinct from them
     * @return this builder
     */
    public Builder<K, V> sloppyQuorum(List<? extends Replica<K, V>> standIns) {
      this.standIns.clear();
      this.standIns.addAll(standIns);
      return this;
    }

    /**
     * The monotonic clock that times replica replies for percentile hedging. Default {@link
     * System#nanoTime()}; a simulation passes its own.
     *
     * @param nanoTime nanoseconds from any origin
     * @return this builder
     */
    public Builder<K, V> nanoTime(java.util.function.LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Adds a listener for {@link QuorumEvent}s. None by default.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<K, V> listener(QuorumListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Validates and builds the client. A write quorum of at most N/2 is allowed but reported to the
     * listeners as {@link QuorumEvent.WeakWriteQuorum}.
     *
     * @return the client
     * @throws ConsistencyArgumentException naming the problem: no replicas, duplicate ids, R or W
     *     outside 1 to N, a non-positive timeout, a node id a replica cannot store
     */
    public QuorumClient<K, V> build() {
      int n = replicas.size();
      if (n < 1) {
        throw new ConsistencyArgumentException("at least one replica is required (N >= 1)");
      }
      Set<String> ids = new HashSet<>();
      List<Replica<K, V>> all = new ArrayList<>(replicas);
      all.addAll(standIns);
      for (Replica<K, V> r : all) {
        if (!ids.add(r.id())) {
          throw new ConsistencyArgumentException("two replicas share the id '" + r.id() + "'");
        }
      }
      HybridLogicalClock hlc = timestamps;
      for (Replica<K, V> replica : all) {
        replica.checkWriterId(nodeId + ".0");
        if (hlc != null) {
          replica.checkWriterId(hlc.node());
        }
      }
      int r = readLevel.replicas(n);
      int w = writeLevel.replicas(n);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConsistencyArgumentException("timeout must be positive, got " + timeout);
      }
      if (suspicion.isNegative() || suspicion.isZero()) {
        throw new ConsistencyArgumentException("suspicion must be positive, got " + suspicion);
      }
      Scheduler s = scheduler;
      AutoCloseable owned = null;
      if (s == null) {
        ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(
                1,
                task -> {
                  Thread t = new Thread(task, "groundwork-quorum-deadlines");
                  t.setDaemon(true);
                  return t;
                });
        // Nearly every deadline is cancelled when its operation completes; without this the
        // cancelled tasks stay queued for the whole timeout, a second's worth of operations.
        executor.setRemoveOnCancelPolicy(true);
        s = Scheduler.of(executor);
        owned = executor::shutdownNow;
      }
      return new DefaultQuorumClient<>(
          new ClientConfig<>(
              nodeId,
              replicas,
              r,
              w,
              timeout,
              readRepair,
              resolver,
              s,
              suspicion,
              hedging,
              listeners,
              timestamps,
              nanoTime,
              standIns,
              owned,
              hints,
              weigher));
    }
  }
}
