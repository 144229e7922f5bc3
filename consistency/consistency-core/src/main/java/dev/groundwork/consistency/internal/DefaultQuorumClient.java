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
import dev.groundwork.consistency.Session;
import dev.groundwork.consistency.Siblings;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.WriteOutcome;
import dev.groundwork.consistency.WriteResult;
import dev.groundwork.consistency.spi.Replica;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The quorum client: the read and write paths, over collaborators that each do one job: {@link
 * FailureDetector} (who is believed down), {@link PendingVersions} (dots, unacknowledged versions
 * and hints), {@link HedgedReads} (whom to ask, and when to ask more), {@link Gather} (replies
 * until a quorum or the deadline) and {@link ClientSession}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DefaultQuorumClient<K, V> implements QuorumClient<K, V> {

  private static final System.Logger LOG = System.getLogger(QuorumClient.class.getName());
  private static final SecureRandom INCARNATIONS = new SecureRandom();

  private final ClientConfig<K, V> config;
  private final List<Replica<K, V>> replicas;
  private final FailureDetector detector;
  private final PendingVersions<K, V> pending;
  private final @Nullable HedgedReads hedged;

  private final HintReplayer<K, V> hints;

  /**
   * Creates a client from validated options.
   *
   * @param config the options
   */
  public DefaultQuorumClient(ClientConfig<K, V> config) {
    this.config = config;
    this.replicas = config.replicas();
    this.detector = new FailureDetector(config.scheduler(), config.suspicion());
    List<Replica<K, V>> all = new ArrayList<>(replicas);
    all.addAll(config.standIns());
    List<String> ids = new ArrayList<>();
    for (Replica<K, V> replica : all) {
      ids.add(replica.id());
    }
    // Each client instance writes under an id of its own: after a restart, the hints and
    // unacknowledged versions of the last incarnation are gone, and its dots must not be taken
    // for this one's. A dropped hint moves the client to a fresh id too (see PendingVersions).
    this.pending =
        new PendingVersions<>(
            () -> config.nodeId() + "." + incarnation(),
            ids,
            config.nanoTime(),
            config.hints().maxKeysPerReplica(),
            config.hints().maxBytesPerReplica(),
            version -> weight(version, config.weigher()),
            (key, replica, reason) -> emit(new QuorumEvent.HintDropped(key, replica, reason)));
    this.hints =
        new HintReplayer<>(
            pending,
            detector,
            config.scheduler(),
            config.nanoTime(),
            config.hints(),
            config.timeout(),
            all);
    HedgePolicy policy = config.hedging();
    this.hedged =
        policy == null
            ? null
            : new HedgedReads(
                policy, config.scheduler(), config.nanoTime(), config.suspicion(), this::emit);
    if (2 * config.w() <= replicas.size()) {
      emit(new QuorumEvent.WeakWriteQuorum(replicas.size(), config.w()));
    }
  }

  /** A version's weight for the hint bound: its value, plus a fixed and a per-context overhead. */
  private static <V> long weight(
      Versioned<V> version, java.util.function.ToLongFunction<? super V> weigher) {
    V value = version.value();
    long own = value == null ? 0 : Math.max(0, weigher.applyAsLong(value));
    return 64 + 16L * (version.context().counters().size() + version.context().dots().size()) + own;
  }

  private static String incarnation() {
    return Long.toString(INCARNATIONS.nextLong() & Long.MAX_VALUE, 36);
  }

  /**
   * The id this client's writes carry in their dots now: its node id and an incarnation suffix. It
   * changes when a hint is dropped.
   *
   * @return the writer id
   */
  public String writerId() {
    return pending.writer();
  }

  @Override
  public boolean isStrong() {
    return config.r() + config.w() > replicas.size();
  }

  @Override
  public int n() {
    return replicas.size();
  }

  @Override
  public int r() {
    return config.r();
  }

  @Override
  public int w() {
    return config.w();
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  public ReadResult<V> read(K key) {
    return join(readAsync(key));
  }

  @Override
  public CompletionStage<ReadResult<V>> readAsync(K key) {
    return read(key, config.r(), Availability.CP, null);
  }

  @Override
  public CompletionStage<ReadResult<V>> readAsync(
      K key, ConsistencyLevel level, Availability availability) {
    return read(key, level.replicas(replicas.size()), Objects.requireNonNull(availability), null);
  }

  /** A read of every replica that completes at R answers that together have seen {@code floor}. */
  CompletionStage<ReadResult<V>> readAtLeast(K key, VectorClock floor) {
    return read(key, config.r(), Availability.CP, floor);
  }

  private CompletionStage<ReadResult<V>> read(
      K key, int required, Availability availability, @Nullable VectorClock floor) {
    Objects.requireNonNull(key, "key");
    Gather<List<Versioned<V>>> gather =
        floor == null
            ? new Gather<>(required, replicas.size())
            : new Gather<>(
                required,
                replicas.size(),
                answers ->
                    answers.size() >= required
                        && Siblings.contextOf(Siblings.merge(new ArrayList<>(answers.values())))
                            .descendsFrom(floor));
    CompletableFuture<Void> deadline = new CompletableFuture<>();
    HedgedReads hedge = floor == null ? hedged : null;
    HedgedReads.Cursor<Replica<K, V>> cursor =
        hedge == null ? null : hedge.start(replicas, detector::isSuspected);
    if (hedge == null || cursor == null) {
      for (Replica<K, V> replica : replicas) {
        ask(gather, replica, key, null);
      }
    } else {
      Runnable askNext =
          new Runnable() {
            @Override
            public void run() {
              Replica<K, V> next = gather.isDone() ? null : cursor.take();
              if (next != null) {
                ask(gather, next, key, this); // a refusal fails over at once: not a hedge
              }
            }
          };
      for (int i = 0; i < required; i++) {
        askNext.run();
      }
      hedge.scheduleHedge(gather::isDone, cursor, askNext, key);
      hedge.scheduleRescue(config.timeout(), gather::isDone, cursor, askNext);
    }
    Runnable cancel =
        config
            .scheduler()
            .schedule(
                config.timeout(),
                () -> {
                  gather.expire();
                  deadline.complete(null);
                });
    return gather.result.thenCompose(
        replies -> {
          if (hedge != null && cursor != null) {
            hedge.finished(cursor, replies.silent(), config.timeout());
          }
          boolean short_ = replies.answers().size() < required;
          if (short_ && (availability == Availability.CP || replies.answers().isEmpty())) {
            cancel.run();
            throw new CompletionException(
                new QuorumException(
                    "read of " + key + " did not reach its quorum",
                    required,
                    replies.answers().keySet(),
                    replies.failed(),
                    replies.silent()));
          }
          List<Versioned<V>> siblings = Siblings.merge(new ArrayList<>(replies.answers().values()));
          observeTimestamps(siblings);
          ReadResult<V> result =
              new ReadResult<>(
                  siblings,
                  resolve(siblings),
                  Siblings.contextOf(siblings),
                  replies.answers().keySet(),
                  replies.failed(),
                  replies.silent(),
                  short_);
          emit(
              new QuorumEvent.ReadCompleted(
                  key, replies.answers().keySet(), siblings.size(), short_));
          Map<String, CompletableFuture<Void>> repairs = repair(key, siblings, replies.answers());
          if (config.readRepair() != ReadRepair.BLOCKING || short_ || repairs.isEmpty()) {
            cancel.run();
            return CompletableFuture.completedFuture(result);
          }
          return awaitRepairs(key, required, result, repairs, cancel, deadline);
        });
  }

  /**
   * Blocking repair: the answer stands only once every stale replica of the read quorum holds it,
   * so that no later quorum read can see anything older (monotonic quorum reads).
   */
  private CompletableFuture<ReadResult<V>> awaitRepairs(
      K key,
      int required,
      ReadResult<V> result,
      Map<String, CompletableFuture<Void>> repairs,
      Runnable cancel,
      CompletableFuture<Void> deadline) {
    CompletableFuture<ReadResult<V>> out = new CompletableFuture<>();
    Runnable notRepaired =
        () -> {
          Set<String> notYet = new LinkedHashSet<>();
          Map<String, Throwable> refused = new java.util.LinkedHashMap<>();
          for (Map.Entry<String, CompletableFuture<Void>> e : repairs.entrySet()) {
            CompletableFuture<Void> f = e.getValue();
            if (!f.isDone()) {
              notYet.add(e.getKey());
            } else if (f.isCompletedExceptionally()) {
              refused.put(e.getKey(), causeOf(f));
            }
          }
          Set<String> holding = new LinkedHashSet<>(result.answered());
          holding.removeAll(notYet);
          holding.removeAll(refused.keySet());
          out.completeExceptionally(
              new QuorumException(
                  "read of "
                      + key
                      + " found stale replicas "
                      + repairs.keySet()
                      + " and could not repair "
                      + (refused.isEmpty() ? notYet : refused.keySet())
                      + " before its deadline",
                  required,
                  holding,
                  refused,
                  notYet));
        };
    CompletableFuture<Void> unused =
        CompletableFuture.allOf(repairs.values().toArray(CompletableFuture[]::new))
            .whenComplete(
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
  }

  private static Throwable causeOf(CompletableFuture<?> failed) {
    try {
      failed.join();
      throw new IllegalStateException("not failed: " + failed);
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  private void ask(
      Gather<List<Versioned<V>>> gather,
      Replica<K, V> replica,
      K key,
      @Nullable Runnable onFailure) {
    gather.contacted(replica.id());
    HedgedReads hedge = hedged;
    long asked = hedge == null ? 0 : hedge.now();
    detector
        .call(replica, () -> replica.get(key))
        .whenComplete(
            (v, e) -> {
              if (e == null && hedge != null) {
                hedge.replied(replica.id(), asked);
              }
              if (e == null) {
                hints.answered(replica.id());
              }
              gather.reply(replica.id(), v, e);
              if (e != null && onFailure != null) {
                onFailure.run();
              }
            });
  }

  /** A write after a read must be later than what it read, or last-write-wins may undo it. */
  private void observeTimestamps(List<Versioned<V>> siblings) {
    HybridLogicalClock clock = config.timestamps();
    if (clock == null) {
      return;
    }
    HlcTimestamp latest = null;
    for (Versioned<V> v : siblings) {
      HlcTimestamp t = v.timestamp();
      if (t != null && (latest == null || t.compareTo(latest) > 0)) {
        latest = t;
      }
    }
    if (latest != null) {
      HlcTimestamp unused = clock.update(latest);
    }
  }

  @Override
  public long hedgesSent() {
    HedgedReads hedge = hedged;
    return hedge == null ? 0 : hedge.hedgesSent();
  }

  private Optional<Versioned<V>> resolve(List<Versioned<V>> siblings) {
    if (siblings.isEmpty()) {
      return Optional.empty();
    }
    Resolver<V> res = config.resolver();
    if (res != null) {
      return Optional.of(res.resolve(siblings));
    }
    return siblings.size() == 1 ? Optional.of(siblings.get(0)) : Optional.empty();
  }

  /**
   * Sends each replica that answered with less than the newest versions the ones it lacks, in one
   * put, so that it never holds a writer's dot without the earlier ones the reader saw.
   */
  private Map<String, CompletableFuture<Void>> repair(
      K key, List<Versioned<V>> newest, Map<String, List<Versioned<V>>> answers) {
    Map<String, CompletableFuture<Void>> repairs = new java.util.LinkedHashMap<>();
    if (config.readRepair() == ReadRepair.OFF || newest.isEmpty()) {
      return repairs;
    }
    for (Replica<K, V> replica : replicas) {
      List<Versioned<V>> had = answers.get(replica.id());
      if (had == null) {
        continue; // did not answer in time
      }
      List<Versioned<V>> missing = new ArrayList<>();
      for (Versioned<V> version : newest) {
        if (!had.contains(version)) {
          missing.add(version);
        }
      }
      if (!missing.isEmpty()) {
        repairs.put(
            replica.id(),
            detector.call(replica, () -> replica.put(key, missing)).toCompletableFuture());
      }
    }
    if (!repairs.isEmpty()) {
      emit(new QuorumEvent.Repaired(key, repairs.keySet()));
    }
    return repairs;
  }

  // ---- writes -------------------------------------------------------------------------------

  @Override
  public WriteResult write(K key, V value, VectorClock context) {
    return join(writeAsync(key, value, context));
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(K key, V value, VectorClock context) {
    Objects.requireNonNull(value, "value (use delete for a deletion)");
    return put(key, value, context, config.w());
  }

  @Override
  public CompletionStage<WriteResult> writeAsync(
      K key, V value, VectorClock context, ConsistencyLevel level) {
    Objects.requireNonNull(value, "value (use delete for a deletion)");
    return put(key, value, context, level.replicas(replicas.size()));
  }

  @Override
  public WriteResult delete(K key, VectorClock context) {
    return join(put(key, null, context, config.w()));
  }

  private CompletionStage<WriteResult> put(K key, @Nullable V value, VectorClock context, int w) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(context, "context");
    Map<String, Throwable> down = detector.snapshot();
    // Sloppy quorum: a stand-in (not itself suspected) takes each suspected home replica's place.
    List<Replica<K, V>> targets = new ArrayList<>();
    List<String> heldFor = new ArrayList<>();
    java.util.Iterator<Replica<K, V>> spare =
        config.standIns().stream().filter(s -> !down.containsKey(s.id())).iterator();
    for (Replica<K, V> home : replicas) {
      if (down.containsKey(home.id()) && spare.hasNext()) {
        heldFor.add(home.id());
        targets.add(spare.next());
      } else {
        targets.add(home);
      }
    }
    int reachable = 0;
    for (Replica<K, V> t : targets) {
      if (!down.containsKey(t.id())) {
        reachable++;
      }
    }
    if (reachable < w) {
      // Decided before anything is issued, sent or held: it certainly has no effect.
      return CompletableFuture.completedFuture(
          new WriteResult(WriteOutcome.NOT_APPLIED, w, context, Set.of(), down, Set.of()));
    }
    HlcTimestamp stamp = stamp();
    List<String> targetIds = new ArrayList<>();
    for (Replica<K, V> t : targets) {
      targetIds.add(t.id());
    }
    PendingVersions.Issued<V> issued =
        pending.issue(key, dot -> new Versioned<>(value, dot, context, stamp), targetIds, heldFor);
    for (String home : heldFor) {
      emit(new QuorumEvent.HintStored(key, home));
      hints.missed(home);
    }
    Gather<Void> gather = new Gather<>(w, targets.size());
    for (Replica<K, V> replica : targets) {
      gather.contacted(replica.id());
      List<Versioned<V>> batch = Objects.requireNonNull(issued.batches().get(replica.id()));
      detector
          .call(replica, () -> replica.put(key, batch))
          .whenComplete(
              (ok, e) -> {
                if (e == null) {
                  pending.settle(replica.id(), key, batch);
                  hints.answered(replica.id());
                } else {
                  hinted(replica.id(), key);
                }
                gather.reply(replica.id(), null, e);
              });
    }
    Runnable cancel = config.scheduler().schedule(config.timeout(), gather::expire);
    return gather.result.thenApply(
        replies -> {
          cancel.run();
          for (String silent : replies.silent()) {
            hinted(silent, key);
          }
          WriteOutcome outcome =
              replies.answers().size() >= w ? WriteOutcome.SUCCESS : WriteOutcome.INDETERMINATE;
          emit(new QuorumEvent.WriteCompleted(key, outcome, replies.answers().keySet()));
          return new WriteResult(
              outcome,
              w,
              issued.version().history(),
              replies.answers().keySet(),
              replies.failed(),
              replies.silent());
        });
  }

  private @Nullable HlcTimestamp stamp() {
    HybridLogicalClock clock = config.timestamps();
    return clock == null ? null : clock.now();
  }

  // ---- hints --------------------------------------------------------------------------------

  private void hinted(String replicaId, K key) {
    if (!pending.waiting(replicaId, key).isEmpty()) {
      pending.undelivered(replicaId, key);
      emit(new QuorumEvent.HintStored(key, replicaId));
      hints.missed(replicaId);
    }
  }

  @Override
  public int replayHints() {
    return hints.replayAll();
  }

  @Override
  public int pendingHints(String replicaId) {
    return pending.hintCount(replicaId);
  }

  // ---- sessions and plumbing ----------------------------------------------------------------

  @Override
  public Session<K, V> session() {
    return new ClientSession<>(this);
  }

  @Override
  public void close() {
    hints.close();
    AutoCloseable owned = config.owned();
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing the quorum client's scheduler failed", e);
      }
    }
  }

  static <T> T join(CompletionStage<T> stage) {
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

  private void emit(QuorumEvent event) {
    for (QuorumListener listener : config.listeners()) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "quorum listener failed on " + event, e);
      }
    }
  }

  @Override
  public String toString() {
    return "QuorumClient{N="
        + replicas.size()
        + ", R="
        + config.r()
        + ", W="
        + config.w()
        + ", "
        + config.readRepair()
        + "}";
  }
}
