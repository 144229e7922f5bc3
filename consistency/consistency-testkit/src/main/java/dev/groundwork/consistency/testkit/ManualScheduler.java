package dev.groundwork.consistency.testkit;

import dev.groundwork.consistency.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler whose time moves only when a test moves it: tasks run, in time order, inside {@link
 * #advance(Duration)}. Not thread-safe: a simulation drives it from one thread.
 */
public final class ManualScheduler implements Scheduler {

  private static final class Task {
    final long at;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(long at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }
  }

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  /** A scheduler at time zero with nothing scheduled. */
  public ManualScheduler() {}

  @Override
  public Runnable schedule(Duration delay, Runnable task) {
    Task t = new Task(now + Math.max(0, delay.toNanos()), seq++, task);
    queue.add(t);
    return () -> t.cancelled = true;
  }

  /**
   * The current time.
   *
   * @return nanoseconds since the scheduler was made
   */
  public long nanos() {
    return now;
  }

  /**
   * Moves time forward, running every task due on the way, in order (tasks may schedule more).
   *
   * @param step how far
   */
  public void advance(Duration step) {
    long until = now + step.toNanos();
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Task t = queue.poll();
      now = Math.max(now, t.at);
      if (!t.cancelled) {
        t.run.run();
      }
    }
    now = until;
  }

  /** Runs everything scheduled, however far ahead. */
  public void runAll() {
    while (!queue.isEmpty()) {
      Task t = queue.poll();
      now = Math.max(now, t.at);
      if (!t.cancelled) {
        t.run.run();
      }
    }
  }
}
