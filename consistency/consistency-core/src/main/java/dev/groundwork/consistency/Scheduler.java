package dev.groundwork.consistency;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the client's deadlines are scheduled through it, so that tests and
 * simulations can drive time by hand.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Schedules a task.
   *
   * @param delay how long from now
   * @param task what to run
   * @return a handle that cancels the task if it has not run yet
   */
  Runnable schedule(Duration delay, Runnable task);

  /**
   * A scheduler over an executor.
   *
   * @param executor the executor; it stays the caller's to shut down
   * @return the scheduler
   */
  static Scheduler of(ScheduledExecutorService executor) {
    return (delay, task) -> {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
