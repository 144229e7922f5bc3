package dev.groundwork.consistency.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a history of reads and writes on registers is linearizable: whether every
 * operation can be given one instant between its invocation and its completion such that, in that
 * order, every read returns the value of the latest write before it (Foundations §7: strong
 * consistency).
 *
 * <p>Keys are independent registers and are checked one by one (linearizability composes). Within a
 * key the search is Wing and Gong's, with Lowe's memoisation of (operations linearized, register
 * value) pairs already explored, as in the Porcupine checker. Failed operations are left out;
 * indeterminate reads observe nothing and are left out. Writes must write distinct values.
 *
 * <p>An indeterminate write may take effect at any time after its invocation, or not at all. Left
 * open, every one of them stays concurrent with the rest of the history, and the search grows with
 * the subsets of them: a few dozen make it run out of memory. Because values are distinct, they are
 * settled before the search instead, without changing the verdict: a write whose value no read
 * returned is dropped (not taking effect explains the history whenever taking effect does), and a
 * write whose value was read certainly took effect, before the first of those reads completed, so
 * it becomes a completed write ending there. Only deletes (null values), which a read cannot tell
 * from an absent key, are left open until the end of time.
 *
 * <p>When a key is not linearizable, the result holds a minimal failing sub-history: removing any
 * one of its operations makes it linearizable.
 */
public final class LinearizabilityChecker {

  private LinearizabilityChecker() {}

  /**
   * The verdict on a history.
   *
   * @param linearizable true when every key is
   * @param keysChecked how many keys were checked
   * @param failingKey the first key that is not linearizable, or null
   * @param counterexample a minimal failing sub-history of that key, empty when linearizable
   */
  public record Result(
      boolean linearizable,
      int keysChecked,
      @Nullable String failingKey,
      List<Operation> counterexample) {

    /**
     * Copies the counterexample.
     *
     * @param linearizable the verdict
     * @param keysChecked keys checked
     * @param failingKey the failing key
     * @param counterexample the sub-history
     */
    public Result {
      counterexample = List.copyOf(counterexample);
    }

    @Override
    public String toString() {
      if (linearizable) {
        return "linearizable (" + keysChecked + " keys)";
      }
      StringBuilder s =
          new StringBuilder("not linearizable: key " + failingKey + ", minimal history:");
      for (Operation op : counterexample) {
        s.append(System.lineSeparator()).append("  ").append(op);
      }
      return s.toString();
    }
  }

  /**
   * Checks a history.
   *
   * @param history the recorded history
   * @return the verdict
   */
  public static Result check(History history) {
    return check(history.operations());
  }

  /**
   * Checks a list of operations.
   *
   * @param operations the operations of any number of keys
   * @return the verdict
   */
  public static Result check(List<Operation> operations) {
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : operations) {
      if (op.outcome() == Operation.Outcome.FAIL
          || (op.outcome() == Operation.Outcome.INFO && op.kind() == Operation.Kind.READ)) {
        continue;
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    for (Map.Entry<String, List<Operation>> e : byKey.entrySet()) {
      if (!linearizable(e.getValue())) {
        return new Result(false, byKey.size(), e.getKey(), minimise(e.getValue()));
      }
    }
    return new Result(true, byKey.size(), null, List.of());
  }

  /**
   * Drops operations while the rest still fails, until no single operation can go: a 1-minimal
   * failing history. A write stays while a remaining read returned its value, so that the
   * counterexample explains where every value came from.
   */
  private static List<Operation> minimise(List<Operation> failing) {
    List<Operation> current = new ArrayList<>(failing);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = current.size() - 1; i >= 0; i--) {
        Operation candidate = current.get(i);
        if (isReadFrom(candidate, current)) {
          continue;
        }
        List<Operation> without = new ArrayList<>(current);
        without.remove(i);
        if (!linearizable(without)) {
          current = without;
          changed = true;
        }
      }
    }
    return current;
  }

  private static boolean isReadFrom(Operation write, List<Operation> ops) {
    if (write.kind() != Operation.Kind.WRITE) {
      return false;
    }
    for (Operation op : ops) {
      if (op.kind() == Operation.Kind.READ && Objects.equals(op.value(), write.value())) {
        return true;
      }
    }
    return false;
  }

  /** One call or return in the event list. */
  private static final class Entry {
    final int op;
    final boolean call;
    final long time;
    @Nullable Entry match;
    @Nullable Entry prev;
    @Nullable Entry next;

    Entry(int op, boolean call, long time) {
      this.op = op;
      this.call = call;
      this.time = time;
    }
  }

  private record Explored(BitSet linearized, @Nullable Object state) {}

  private record Frame(Entry call, @Nullable Object state) {}

  /**
   * Settles indeterminate writes of non-null values, as the class comment explains: dropped when no
   * read returned their value, otherwise completed when the first such read completed.
   */
  static List<Operation> settleIndeterminateWrites(List<Operation> ops) {
    Map<Object, Long> firstReadCompletion = new HashMap<>();
    for (Operation op : ops) {
      Object value = op.value();
      if (op.kind() == Operation.Kind.READ
          && op.outcome() == Operation.Outcome.OK
          && value != null) {
        firstReadCompletion.merge(value, op.completedAt(), Math::min);
      }
    }
    List<Operation> settled = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      Object value = op.value();
      if (op.kind() != Operation.Kind.WRITE
          || op.outcome() != Operation.Outcome.INFO
          || value == null) {
        settled.add(op);
        continue;
      }
      Long readBy = firstReadCompletion.get(value);
      if (readBy != null) {
        // A read that completed before the write was invoked stays impossible: the write ends
        // at its invocation, after that read.
        long end = Math.max(op.invokedAt(), readBy);
        settled.add(
            new Operation(
                op.id(),
                op.process(),
                op.key(),
                op.kind(),
                value,
                op.invokedAt(),
                end,
                Operation.Outcome.OK));
      }
    }
    return settled;
  }

  static boolean linearizable(List<Operation> history) {
    return search(settleIndeterminateWrites(history));
  }

  /** The search itself, on a history whose indeterminate writes complete at the end of time. */
  static boolean search(List<Operation> ops) {
    int n = ops.size();
    if (n == 0) {
      return true;
    }
    List<Entry> events = new ArrayList<>(2 * n);
    for (int i = 0; i < n; i++) {
      Operation op = ops.get(i);
      Entry call = new Entry(i, true, op.invokedAt());
      Entry ret =
          new Entry(
              i, false, op.outcome() == Operation.Outcome.INFO ? Long.MAX_VALUE : op.completedAt());
      call.match = ret;
      events.add(call);
      events.add(ret);
    }
    // Time order; at equal times calls first, so touching operations count as concurrent.
    events.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
    Entry head = new Entry(-1, false, Long.MIN_VALUE); // sentinel
    Entry tail = head;
    for (Entry e : events) {
      tail.next = e;
      e.prev = tail;
      tail = e;
    }

    BitSet linearized = new BitSet(n);
    Set<Explored> cache = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    @Nullable Object state = null;
    Entry entry = head.next;
    while (head.next != null) {
      if (entry == null) {
        return false; // cannot happen: the list ends with a return
      }
      if (entry.call) {
        Operation op = ops.get(entry.op);
        boolean applies = op.kind() == Operation.Kind.WRITE || Objects.equals(state, op.value());
        @Nullable Object next = op.kind() == Operation.Kind.WRITE ? op.value() : state;
        if (applies) {
          BitSet after = (BitSet) linearized.clone();
          after.set(entry.op);
          if (cache.add(new Explored(after, next))) {
            stack.push(new Frame(entry, state));
            state = next;
            linearized.set(entry.op);
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // A return whose call was not linearized: undo the last choice and try the next one.
        if (stack.isEmpty()) {
          return false;
        }
        Frame frame = stack.pop();
        state = frame.state();
        linearized.clear(frame.call().op);
        unlift(frame.call());
        entry = frame.call().next;
      }
    }
    return true;
  }

  private static void lift(Entry call) {
    Entry ret = Objects.requireNonNull(call.match);
    remove(call);
    remove(ret);
  }

  private static void remove(Entry e) {
    Entry p = Objects.requireNonNull(e.prev);
    p.next = e.next;
    if (e.next != null) {
      e.next.prev = p;
    }
  }

  private static void unlift(Entry call) {
    Entry ret = Objects.requireNonNull(call.match);
    restore(ret);
    restore(call);
  }

  private static void restore(Entry e) {
    Entry p = Objects.requireNonNull(e.prev);
    p.next = e;
    if (e.next != null) {
      e.next.prev = e;
    }
  }
}
