package dev.groundwork.consistency.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Records what concurrent clients did to a replicated register, for the checkers. Thread-safe.
 *
 * <pre>{@code
 * History history = new History(clock::nanos);
 * History.Pending w = history.invokeWrite("client-1", "k", "v1");
 * WriteResult r = client.write("k", "v1", context);
 * if (r.isSuccess()) w.ok(); else if (r.outcome() == NOT_APPLIED) w.fail(); else w.info();
 * }</pre>
 *
 * <p>Give every write a distinct value: the checker identifies writes by what they wrote.
 */
public final class History {

  private final LongSupplier clock;
  private final AtomicLong ids = new AtomicLong();
  private final List<Operation> operations = new ArrayList<>();

  /**
   * Creates an empty history.
   *
   * @param clock a monotonic time source, such as a simulation's clock
   */
  public History(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records the invocation of a read.
   *
   * @param process the client
   * @param key the register
   * @return the pending read, to complete when it returns
   */
  public Pending invokeRead(String process, String key) {
    return new Pending(
        ids.incrementAndGet(), process, key, Operation.Kind.READ, null, clock.getAsLong());
  }

  /**
   * Records the invocation of a write.
   *
   * @param process the client
   * @param key the register
   * @param value the value written, distinct from every other write's; null deletes
   * @return the pending write, to complete when it returns
   */
  public Pending invokeWrite(String process, String key, @Nullable Object value) {
    return new Pending(
        ids.incrementAndGet(), process, key, Operation.Kind.WRITE, value, clock.getAsLong());
  }

  /**
   * Adds a completed operation directly, for histories written by hand.
   *
   * @param operation the operation
   * @return this history
   */
  public synchronized History add(Operation operation) {
    operations.add(Objects.requireNonNull(operation, "operation"));
    return this;
  }

  /**
   * The completed operations, in invocation order. Operations never completed are not included:
   * complete them as {@code info()} if they might have taken effect.
   *
   * @return a snapshot
   */
  public synchronized List<Operation> operations() {
    List<Operation> copy = new ArrayList<>(operations);
    copy.sort(Comparator.comparingLong(Operation::invokedAt).thenComparingLong(Operation::id));
    return copy;
  }

  private synchronized void complete(Operation op) {
    operations.add(op);
  }

  /** An invoked operation waiting for its completion. */
  public final class Pending {
    private final long id;
    private final String process;
    private final String key;
    private final Operation.Kind kind;
    private final @Nullable Object value;
    private final long invokedAt;

    private Pending(
        long id,
        String process,
        String key,
        Operation.Kind kind,
        @Nullable Object value,
        long invokedAt) {
      this.id = id;
      this.process = process;
      this.key = key;
      this.kind = kind;
      this.value = value;
      this.invokedAt = invokedAt;
    }

    /** A write took effect. */
    public void ok() {
      if (kind == Operation.Kind.READ) {
        throw new IllegalStateException("a read completes with ok(value)");
      }
      complete(
          new Operation(
              id, process, key, kind, value, invokedAt, clock.getAsLong(), Operation.Outcome.OK));
    }

    /**
     * A read returned.
     *
     * @param read the value read, null when absent
     */
    public void ok(@Nullable Object read) {
      if (kind == Operation.Kind.WRITE) {
        throw new IllegalStateException("a write completes with ok()");
      }
      complete(
          new Operation(
              id, process, key, kind, read, invokedAt, clock.getAsLong(), Operation.Outcome.OK));
    }

    /** The operation certainly did not take effect. */
    public void fail() {
      complete(
          new Operation(
              id, process, key, kind, value, invokedAt, clock.getAsLong(), Operation.Outcome.FAIL));
    }

    /** The operation may or may not take effect (a timeout, too few acknowledgements). */
    public void info() {
      complete(
          new Operation(
              id, process, key, kind, value, invokedAt, Long.MAX_VALUE, Operation.Outcome.INFO));
    }
  }
}
