package dev.groundwork.consistency.internal;

import dev.groundwork.consistency.Availability;
import dev.groundwork.consistency.ConsistencyLevel;
import dev.groundwork.consistency.HedgePolicy;
import dev.groundwork.consistency.HlcTimestamp;
import dev.groundwork.consistency.HybridLogicalClock;
import dev.groundwork.consistency.QuorumClient;
import dev.groundwork.consistency.QuorumEvent;
import dev.groundwork.consistency.QuorumException;
import dev.groundwork.consistency.QuorumListener;
import dev.groundwork.consistency.ReadRepair;
import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.Resolver;
import dev.groundwork.consistency.Scheduler;
import dev.groundwork.consistency.Session;
import dev.groundwork.consistency.SessionGuaranteeException;
import dev.groundwork.consistency.Siblings;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteOutcome;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.spi.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The quorum client: every operation goes to all N replicas at once and completes at its quorum or
 * its deadline, whichever comes first; replies after that never change the result.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DefaultQuorumClient<K, V> implements QuorumClient<K, V> {

  private final String nodeId;
  private final List<Replica<K, V>> replicas;
  private final int r;
  private final int w;
  private final Duration timeout;
  private final ReadRepair readRepair;
  private final @Nullable Resolver<V> resolver;
  private final Scheduler scheduler;
  private final Duration suspicion;
  private final @Nullable HedgePolicy hedging;
  private final List<QuorumListener> listeners;
  private final @Nullable HybridLogicalClock timestamps;
  private final java.util.function.LongSupplier nanoTime;
  private final List<Replica<K, V>> standIns;
  private final LatencyWindow latencies = new LatencyWindow(512);
  private final LatencyRanking ranking;
  private final AtomicLong readsStarted = new AtomicLong();
  private final AtomicLong hedges = new AtomicLong();

  /** The last counter this client issued for its own entry in vector clocks. */
  private final AtomicLong issued = new AtomicLong();

  /**
   * Replicas that refused a request recently, believed down until a success or the suspicion ends.
   */
  private final Set<String> suspected = ConcurrentHashMap.newKeySet();

  /** Per replica id: the versions it missed, by key, merged. */
  private final Map<String, Map<K, List<Versioned<V>>>> hints = new ConcurrentHashMap<>();

  /**
   * Creates a client from validated options.
   *
   * @param nodeId the id in vector clocks
   * @param replicas the replicas
   * @param r the read quorum
   * @param w the write quorum
   * @param timeout the deadline
   * @param readRepair the read-repair mode
   * @param resolver the resolver, or null
   * @param scheduler the scheduler
   * @param suspicion how long a refusing replica is believed down
   * @param hedging the hedge policy, or null to ask every replica at once
   * @param listeners the event listeners
   * @param timestamps the clock that stamps writes, or null
   * @param nanoTime the monotonic clock that times replies
   * @param standIns replicas that take a suspected home replica's place in writes (sloppy quorum)
   */
  public DefaultQuorumClient(
      String nodeId,
      List<Replica<K, V>> replicas,
      int r,
      int w,
      Duration timeout,
      ReadRepair readRepair,
      @Nullable Resolver<V> resolver,
      Scheduler scheduler,
      Duration suspicion,
      @Nullable HedgePolicy hedging,
      List<QuorumListener> listeners,
      @Nullable HybridLogicalClock timestamps,
      java.util.function.LongSupplier nanoTime,
      List<Replica<K, V>> standIns) {
    this.nodeId = nodeId;
    this.replicas = replicas;
    this.r = r;
    this.w = w;
    this.timeout = timeout;
    this.readRepair = readRepair;
    this.resolver = resolver;
    this.scheduler = scheduler;
    this.suspicion = suspicion;
    this.hedging = hedging;
    this.listeners = listeners;
    this.timestamps = timestamps;
    this.nanoTime = nanoTime;
    this.standIns = standIns;
    this.ranking = new LatencyRanking(suspicion.toNanos());
    if (2 * w <= replicas.size()) {
      emit(new QuorumEvent.WeakWriteQuorum(replicas.size(), w));
    }
    for (Replica<K, V> replica : replicas) {
      hints.put(replica.id(), new ConcurrentHashMap<>());
    }
    for (Replica<K, V> replica : standIns) {
      hints.put(replica.id(), new ConcurrentHashMap<>());
    }
  }

  @Override
  public boolean isStrong() {
    return r + w > replicas.size();
  }

  @Override
  public int n() {
    return replicas.size();
  }

  @Override
  public int r() {
    return r;
  }

  @Override
  public int w() {
    return w;
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  public ReadResult<V> read(K key) {
    return join(readAsync(key));
  }

  @Override
  public CompletionStage<ReadResult<V>> readAsync(K key) {
    return read(key, r, Availability.CP);
  }

  @Override
  public CompletionStage<ReadResult<V>> readAsync(
      K key, ConsistencyLevel level, Availability availability) {
    return read(key, level.replicas(replicas.size()), Objects.requireNonNull(availability));
  }

  private CompletionStage<ReadResult<V>> read(K key, int required, Availability availability) {
    Objects.requireNonNull(key, "key");
    Gather<List<Versioned<V>>> gather = new Gather<>(required);
    CompletableFuture<Void> deadline = new CompletableFuture<>();
    readsStarted.incrementAndGet();
    HedgePolicy hedge = hedging;
    if (hedge == null) {
      for (Replica<K, V> replica : replicas) {
        ask(gather, replica, key, null);
      }
    } else {
      // Ask R replicas (those not believed down, then the fastest lately); more only if they are
      // slow or fail.
      List<Replica<K, V>> order =
          ranking.order(
              replicas, suspected::contains, nanoTime.getAsLong(), readsStarted.get() - 1);
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger(Math.min(required, order.size()));
      for (int i = 0; i < next.get(); i++) {
        ask(gather, order.get(i), key, () -> askNext(gather, order, next, key));
      }
      scheduleHedge(gather, order, next, key, hedge);
    }
    Runnable cancel =
        scheduler.schedule(
            timeout,
            () -> {
              gather.expire();
              deadline.complete(null);
            });
    return gather.result.thenCompose(
        replies -> {
          boolean short_ = replies.answers.size() < required;
          if (short_ && (availability == Availability.CP || replies.answers.isEmpty())) {
            cancel.run();
            throw new CompletionException(
                new QuorumException(
                    "read of " + key + " did not reach its quorum",
                    required,
                    replies.answers.keySet(),
                    replies.failed,
                    replies.silent()));
          }
          List<Versioned<V>> siblings = Siblings.merge(new ArrayList<>(replies.answers.values()));
          ReadResult<V> result =
              new ReadResult<>(
                  siblings,
                  resolve(siblings),
                  Siblings.clockOf(siblings),
                  replies.answers.keySet(),
                  replies.failed,
                  replies.silent(),
                  short_);
          emit(
              new QuorumEvent.ReadCompleted(
                  key, replies.answers.keySet(), siblings.size(), short_));
          CompletableFuture<Void> repaired = repair(key, siblings, replies.answers);
          if (readRepair != ReadRepair.BLOCKING || short_) {
            cancel.run();
            return CompletableFuture.completedFuture(result);
          }
          // Blocking repair: the answer stands only once every replica of the read quorum holds
          // it, so that no later quorum read can see anything older (monotonic quorum reads).
          CompletableFuture<ReadResult<V>> out = new CompletableFuture<>();
          Runnable notRepaired =
              () ->
                  out.completeExceptionally(
                      new QuorumException(
                          "read of "
                              + key
                              + " could not repair the stale replicas it found before"
                              + " its deadline",
                          required,
                          Set.of(),
                          replies.answers.keySet(),
                          Set.of()));
          CompletableFuture<Void> unused =
              repaired.whenComplete(
                  (ok, e) -> {
                    cancel.run();
                    if (e == null) {
                      out.complete(result);
                    } else {
                      notRepaired.run();
                    }
                  });
          CompletableFuture<Void> unusedToo = deadline.whenComplete((x, e) -> notRepaired.run());
          return out;
        });
  }

  private void ask(
      Gather<List<Versioned<V>>> gather,
      Replica<K, V> replica,
      K key,
      @Nullable Runnable onFailure) {
    gather.contacted(replica.id());
    // Reply times feed only the hedging decisions: a client that asks every replica skips them.
    boolean timed = hedging != null;
    long asked = timed ? nanoTime.getAsLong() : 0;
    call(replica, () -> replica.get(key))
        .whenComplete(
            (v, e) -> {
              if (e == null && timed) {
                long now = nanoTime.getAsLong();
                latencies.add(now - asked);
                ranking.record(replica.id(), now - asked, now);
              }
              gather.reply(replica.id(), v, e);
              if (e != null && onFailure != null) {
                onFailure.run(); // fail over at once: not a hedge
              }
            });
  }

  private void askNext(
      Gather<List<Versioned<V>>> gather,
      List<Replica<K, V>> order,
      java.util.concurrent.atomic.AtomicInteger next,
      K key) {
    if (gather.isDone()) {
      return;
    }
    int i = next.getAndIncrement();
    if (i < order.size()) {
      ask(gather, order.get(i), key, () -> askNext(gather, order, next, key));
    }
  }

  private void scheduleHedge(
      Gather<List<Versioned<V>>> gather,
      List<Replica<K, V>> order,
      java.util.concurrent.atomic.AtomicInteger next,
      K key,
      HedgePolicy hedge) {
    Duration delay =
        hedge.percentile() == 0
            ? hedge.delay()
            : latencies.percentile(hedge.percentile()).orElse(hedge.delay());
    Runnable unused =
        scheduler.schedule(
            delay,
            () -> {
              if (gather.isDone() || next.get() >= order.size()) {
                return;
              }
              if (hedges.get() >= hedge.budget() * readsStarted.get()) {
                return; // over budget: wait for the replicas already asked
              }
              hedges.incrementAndGet();
              int i = next.get();
              if (i < order.size()) {
                emit(new QuorumEvent.Hedged(key, order.get(i).id()));
              }
              askNext(gather, order, next, key);
              scheduleHedge(gather, order, next, key, hedge);
            });
  }

  /** The last replica reply latencies, for percentile hedging. */
  private static final class LatencyWindow {
    private final long[] samples;
    private int count;
    private int next;

    LatencyWindow(int size) {
      this.samples = new long[size];
    }

    synchronized void add(long nanos) {
      samples[next] = nanos;
      next = (next + 1) % samples.length;
      count = Math.min(count + 1, samples.length);
    }

    /** The percentile, once at least 20 replies have been seen. */
    synchronized Optional<Duration> percentile(double p) {
      if (count < 20) {
        return Optional.empty();
      }
      long[] sorted = java.util.Arrays.copyOf(samples, count);
      java.util.Arrays.sort(sorted);
      int index = (int) Math.min(count - 1, Math.ceil(p * count) - 1);
      return Optional.of(Duration.ofNanos(Math.max(1, sorted[Math.max(0, index)])));
    }
  }

  @Override
  public long hedgesSent() {
    return hedges.get();
  }

  private Optional<Versioned<V>> resolve(List<Versioned<V>> siblings) {
    if (siblings.isEmpty()) {
      return Optional.empty();
    }
    Resolver<V> res = resolver;
    if (res != null) {
      return Optional.of(res.resolve(siblings));
    }
    return siblings.size() == 1 ? Optional.of(siblings.get(0)) : Optional.empty();
  }

  /** Sends the newest versions to the replicas that answered with less. */
  private CompletableFuture<Void> repair(
      K key, List<Versioned<V>> newest, Map<String, List<Versioned<V>>> answers) {
    if (readRepair == ReadRepair.OFF || newest.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    Set<String> repairedIds = new LinkedHashSet<>();
    for (Replica<K, V> replica : replicas) {
      List<Versioned<V>> had = answers.get(replica.id());
      if (had == null || Siblings.merge(List.of(had, newest)).equals(had)) {
        continue; // did not answer in time, or already has everything
      }
      for (Versioned<V> version : newest) {
        if (!had.contains(version)) {
          puts.add(call(replica, () -> replica.put(key, version)).toCompletableFuture());
          repairedIds.add(replica.id());
        }
      }
    }
    if (!repairedIds.isEmpty()) {
      emit(new QuorumEvent.Repaired(key, repairedIds));
    }
    return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new));
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public WriteResult write(K key, V value, VectorClock context) {
    return join(writeAsync(key, value, context));
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(K key, V value, VectorClock context) {
    Objects.requireNonNull(value, "value (use delete for a deletion)");
    return put(key, new Versioned<>(value, nextClock(context), stamp()), w);
  }

  /**
   * The clock of a new write after {@code context}: this client's entry moves past both the
   * context's and every counter this client issued before, so that two writes from one client never
   * share a clock (a replica would keep only one of them).
   */
  private VectorClock nextClock(VectorClock context) {
    long next = issued.updateAndGet(last -> Math.max(last, context.counter(nodeId)) + 1);
    Map<String, Long> counters = new LinkedHashMap<>(context.counters());
    counters.put(nodeId, next);
    return VectorClock.of(counters);
  }

  private @Nullable HlcTimestamp stamp() {
    HybridLogicalClock clock = timestamps;
    return clock == null ? null : clock.now();
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(
      K key, V value, VectorClock context, ConsistencyLevel level) {
    Objects.requireNonNull(value, "value (use delete for a deletion)");
    return put(
        key, new Versioned<>(value, nextClock(context), stamp()), level.replicas(replicas.size()));
  }

  @Override
  public WriteResult delete(K key, VectorClock context) {
    return join(put(key, Versioned.tombstone(nextClock(context), stamp()), w));
  }

  private CompletionStage<WriteResult> put(K key, Versioned<V> version, int w) {
    Objects.requireNonNull(key, "key");
    Set<String> down = Set.copyOf(suspected);
    // Sloppy quorum: a stand-in (not itself suspected) takes each suspected home replica's place.
    List<Replica<K, V>> targets = new ArrayList<>();
    java.util.Iterator<Replica<K, V>> spare =
        standIns.stream().filter(s -> !down.contains(s.id())).iterator();
    for (Replica<K, V> home : replicas) {
      if (down.contains(home.id()) && spare.hasNext()) {
        hint(home.id(), key, version);
        targets.add(spare.next());
      } else {
        targets.add(home);
      }
    }
    int reachable = 0;
    for (Replica<K, V> t : targets) {
      if (!down.contains(t.id())) {
        reachable++;
      }
    }
    if (reachable < w) {
      // Not sent at all: it certainly has no effect, unlike a write that times out.
      return CompletableFuture.completedFuture(
          new WriteResult(WriteOutcome.NOT_APPLIED, w, version.clock(), Set.of(), down, Set.of()));
    }
    Gather<Void> gather = new Gather<>(w);
    for (Replica<K, V> replica : targets) {
      gather.contacted(replica.id());
      call(replica, () -> replica.put(key, version))
          .whenComplete(
              (ok, e) -> {
                if (e == null) {
                  forgetHint(replica.id(), key, version);
                  deliverHints(replica);
                } else {
                  hint(replica.id(), key, version);
                }
                gather.reply(replica.id(), null, e);
              });
    }
    Runnable cancel = scheduler.schedule(timeout, gather::expire);
    return gather.result.thenApply(
        replies -> {
          cancel.run();
          // Replicas that had not answered get a hint too: if they never apply it, the hint does.
          for (String silent : replies.silent()) {
            hint(silent, key, version);
          }
          WriteOutcome outcome =
              replies.answers.size() >= w ? WriteOutcome.SUCCESS : WriteOutcome.INDETERMINATE;
          emit(new QuorumEvent.WriteCompleted(key, outcome, replies.answers.keySet()));
          return new WriteResult(
              outcome,
              w,
              version.clock(),
              replies.answers.keySet(),
              replies.failed,
              replies.silent());
        });
  }

  // ---- hints --------------------------------------------------------------------------------

  private void hint(String replicaId, K key, Versioned<V> version) {
    emit(new QuorumEvent.HintStored(key, replicaId));
    Objects.requireNonNull(hints.get(replicaId))
        .compute(key, (k, current) -> Siblings.add(current == null ? List.of() : current, version));
  }

  private void forgetHint(String replicaId, K key, Versioned<V> version) {
    Objects.requireNonNull(hints.get(replicaId))
        .computeIfPresent(
            key,
            (k, current) -> {
              List<Versioned<V>> rest = new ArrayList<>(current);
              rest.remove(version);
              return rest.isEmpty() ? null : List.copyOf(rest);
            });
  }

  private int deliverHints(Replica<K, V> replica) {
    Map<K, List<Versioned<V>>> pending = Objects.requireNonNull(hints.get(replica.id()));
    int delivered = 0;
    for (Map.Entry<K, List<Versioned<V>>> e : new ArrayList<>(pending.entrySet())) {
      for (Versioned<V> version : e.getValue()) {
        K key = e.getKey();
        call(replica, () -> replica.put(key, version))
            .whenComplete(
                (ok, failure) -> {
                  if (failure == null) {
                    forgetHint(replica.id(), key, version);
                  }
                });
        delivered++;
      }
    }
    return delivered;
  }

  @Override
  public int replayHints() {
    int delivered = 0;
    for (Replica<K, V> replica : replicas) {
      delivered += deliverHints(replica);
    }
    return delivered;
  }

  @Override
  public int pendingHints(String replicaId) {
    Map<K, List<Versioned<V>>> pending = hints.get(replicaId);
    if (pending == null) {
      throw new IllegalArgumentException("no replica has the id '" + replicaId + "'");
    }
    int count = 0;
    for (List<Versioned<V>> versions : pending.values()) {
      count += versions.size();
    }
    return count;
  }

  // ---- sessions -----------------------------------------------------------------------------

  @Override
  public Session<K, V> session() {
    return new Session<>() {
      private final Map<K, VectorClock> seen = new ConcurrentHashMap<>();

      @Override
      public ReadResult<V> read(K key) {
        return join(readAsync(key));
      }

      @Override
      public WriteResult write(K key, V value) {
        return join(writeAsync(key, value));
      }

      @Override
      public CompletionStage<ReadResult<V>> readAsync(K key) {
        VectorClock floor = seen.getOrDefault(key, VectorClock.empty());
        return DefaultQuorumClient.this
            .readAsync(key)
            .thenCompose(
                first ->
                    first.context().descendsFrom(floor)
                        ? CompletableFuture.completedFuture(first)
                        // The replicas that answered first are behind this session: ask them all.
                        : DefaultQuorumClient.this.read(key, replicas.size(), Availability.CP))
            .thenApply(
                result -> {
                  if (!result.context().descendsFrom(floor)) {
                    throw new SessionGuaranteeException(
                        "no replica answered "
                            + key
                            + " with a version at least as new as this session's "
                            + floor
                            + "; retry",
                        replicas.size(),
                        result.answered(),
                        result.failed(),
                        result.timedOut());
                  }
                  seen.merge(key, result.context(), VectorClock::merge);
                  return result;
                });
      }

      @Override
      public CompletionStage<WriteResult> writeAsync(K key, V value) {
        VectorClock floor = seen.getOrDefault(key, VectorClock.empty());
        return DefaultQuorumClient.this
            .writeAsync(key, value, floor)
            .thenApply(
                result -> {
                  if (result.isSuccess()) {
                    seen.merge(key, result.clock(), VectorClock::merge);
                  }
                  return result;
                });
      }
    };
  }

  // ---- plumbing -----------------------------------------------------------------------------

  /**
   * A replica call whose synchronous exceptions become failed stages, and which keeps track of
   * replicas that refuse: believed down until they answer again or the suspicion ends.
   */
  private <T> CompletionStage<T> call(
      Replica<?, ?> replica, java.util.function.Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = Objects.requireNonNull(call.get(), "replica " + replica.id() + " returned no stage");
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete(
        (v, e) -> {
          if (e == null) {
            suspected.remove(replica.id());
          } else if (suspected.add(replica.id())) {
            Runnable unused = scheduler.schedule(suspicion, () -> suspected.remove(replica.id()));
          }
        });
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Replies gathered until a quorum, a lost cause, or the deadline. */
  private final class Gather<T> {
    final int required;
    final Map<String, T> answers = new LinkedHashMap<>();
    final Set<String> failed = new LinkedHashSet<>();
    final Set<String> contacted = new LinkedHashSet<>();
    final CompletableFuture<Replies<T>> result = new CompletableFuture<>();
    boolean done;

    synchronized void contacted(String replicaId) {
      contacted.add(replicaId);
    }

    synchronized boolean isDone() {
      return done;
    }

    Gather(int required) {
      this.required = required;
    }

    synchronized void reply(String replicaId, @Nullable T value, @Nullable Throwable failure) {
      if (done) {
        return; // late replies never change a result
      }
      if (failure == null) {
        @SuppressWarnings("unchecked") // a Void reply is null; the map only records who answered
        T v = (T) (value == null ? NO_VALUE : value);
        answers.put(replicaId, v);
      } else {
        failed.add(replicaId);
      }
      if (answers.size() >= required || failed.size() > replicas.size() - required) {
        finish();
      }
    }

    synchronized void expire() {
      if (!done) {
        finish();
      }
    }

    private void finish() {
      done = true;
      result.complete(
          new Replies<>(new LinkedHashMap<>(answers), new LinkedHashSet<>(failed), everyone()));
    }
  }

  private static final Object NO_VALUE = new Object();

  private Set<String> everyone() {
    Set<String> ids = new LinkedHashSet<>();
    for (Replica<K, V> replica : replicas) {
      ids.add(replica.id());
    }
    return ids;
  }

  private record Replies<T>(Map<String, T> answers, Set<String> failed, Set<String> all) {
    Set<String> silent() {
      Set<String> silent = new LinkedHashSet<>(all);
      silent.removeAll(answers.keySet());
      silent.removeAll(failed);
      return silent;
    }
  }

  private static final System.Logger LOG = System.getLogger(QuorumClient.class.getName());

  private void emit(QuorumEvent event) {
    for (QuorumListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "quorum listener failed on " + event, e);
      }
    }
  }

  @Override
  public String toString() {
    return "QuorumClient{N=" + replicas.size() + ", R=" + r + ", W=" + w + ", " + readRepair + "}";
  }
}
