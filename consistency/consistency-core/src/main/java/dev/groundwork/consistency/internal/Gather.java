package dev.groundwork.consistency.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Replies gathered until they are enough, a lost cause, or the deadline; replies after that never
 * change the result. Thread-safe.
 *
 * @param <T> the reply type
 */
final class Gather<T> {

  /** Stands for a reply without a value (an acknowledged put). */
  private static final Object NO_VALUE = new Object();

  private final int required;
  private final int n;
  private final Predicate<Map<String, T>> enough;
  private final Map<String, T> answers = new LinkedHashMap<>();
  private final Map<String, Throwable> failed = new LinkedHashMap<>();
  private final Set<String> contacted = new LinkedHashSet<>();
  private boolean done;

  /** Completes with what was gathered. */
  final CompletableFuture<Replies<T>> result = new CompletableFuture<>();

  /**
   * A gather that is done at {@code required} answers.
   *
   * @param required how many answers are enough
   * @param n how many replicas could answer
   */
  Gather(int required, int n) {
    this(required, n, answers -> answers.size() >= required);
  }

  /**
   * A gather that is done when {@code enough} holds, or when every replica has answered or failed.
   */
  Gather(int required, int n, Predicate<Map<String, T>> enough) {
    this.required = required;
    this.n = n;
    this.enough = enough;
  }

  synchronized void contacted(String replicaId) {
    contacted.add(replicaId);
  }

  synchronized boolean isDone() {
    return done;
  }

  synchronized void reply(String replicaId, @Nullable T value, @Nullable Throwable failure) {
    if (done) {
      return;
    }
    if (failure == null) {
      @SuppressWarnings("unchecked") // a Void reply is null; the map only records who answered
      T v = (T) (value == null ? NO_VALUE : value);
      answers.put(replicaId, v);
    } else {
      failed.put(replicaId, failure);
    }
    if (enough.test(answers)
        || failed.size() > n - required
        || answers.size() + failed.size() >= n) {
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
        new Replies<>(
            new LinkedHashMap<>(answers),
            new LinkedHashMap<>(failed),
            new LinkedHashSet<>(contacted)));
  }

  /**
   * What a gather saw.
   *
   * @param answers reply per replica that answered
   * @param failed replicas that refused, each with its cause
   * @param contacted replicas asked
   * @param <T> the reply type
   */
  record Replies<T>(Map<String, T> answers, Map<String, Throwable> failed, Set<String> contacted) {

    /** Replicas asked that neither answered nor refused in time; never those not asked. */
    Set<String> silent() {
      Set<String> silent = new LinkedHashSet<>(contacted);
      silent.removeAll(answers.keySet());
      silent.removeAll(failed.keySet());
      return silent;
    }
  }
}
