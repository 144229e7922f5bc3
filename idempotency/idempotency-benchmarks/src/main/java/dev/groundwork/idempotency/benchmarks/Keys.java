package dev.groundwork.idempotency.benchmarks;

import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Each benchmark thread's own keys: a shared counter would measure contention on the counter, not
 * on the store.
 */
@State(Scope.Thread)
public class Keys {
  private static final AtomicLong THREADS = new AtomicLong();
  private final String prefix = "new-" + THREADS.incrementAndGet() + "-";
  private long next;

  /** Creates a thread's keys. */
  public Keys() {}

  /**
   * A key no thread of this JVM has used.
   *
   * @return the key
   */
  String fresh() {
    return prefix + next++;
  }

  /**
   * The next index into a table of keys written before the run, cycling.
   *
   * @param bound the table's size
   * @return an index from 0 to {@code bound - 1}
   */
  int nextIndex(int bound) {
    return (int) (next++ % bound);
  }
}
