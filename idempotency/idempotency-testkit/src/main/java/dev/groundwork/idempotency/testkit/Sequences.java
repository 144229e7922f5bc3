package dev.groundwork.idempotency.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * Runs a sequence of steps (a stateful test's actions) and, when it fails, cuts it down to a
 * shortest failing sequence before reporting it.
 *
 * <p>A property-based engine shrinks the values it generated, but a failing sequence of 30 steps
 * usually fails because of three of them, and a list's generic shrinking rarely finds which. This
 * removes steps instead: halves, then quarters, down to single steps, keeping every removal after
 * which the sequence still fails, until no single step can go. The result is 1-minimal (dropping
 * any one more step makes it pass) and is what the failure message shows, step by step, with the
 * original length and the minimal sequence's own failure as the cause.
 *
 * <p>Use it inside a property, with the engine's own shrinking turned off so that the minimisation
 * runs once: {@code qt().withShrinkCycles(0).forAll(sequences).checkAssert(steps ->
 * Sequences.check(steps, this::run))}. A step list must be replayable: {@code run} starts from a
 * fresh state each time it is called.
 */
public final class Sequences {

  private Sequences() {}

  /**
   * Runs {@code steps}; on a failure, minimises them and throws an {@link AssertionError} that
   * names the shortest failing sequence found.
   *
   * @param steps the sequence, in order
   * @param run runs a whole sequence from a fresh state, throwing when a check fails
   * @param <T> the step type; its {@code toString} is what the report shows
   * @throws AssertionError when the sequence fails, with the minimal sequence in the message
   */
  public static <T> void check(List<T> steps, Consumer<List<T>> run) {
    Throwable failure = failureOf(steps, run);
    if (failure == null) {
      return;
    }
    List<T> minimal = minimise(steps, run);
    Throwable cause = failureOf(minimal, run);
    StringBuilder message =
        new StringBuilder()
            .append("a sequence of ")
            .append(steps.size())
            .append(" steps failed; a shortest failing sequence (")
            .append(minimal.size())
            .append(minimal.size() == 1 ? " step" : " steps")
            .append(", any one step fewer passes):");
    for (int i = 0; i < minimal.size(); i++) {
      message.append("\n  ").append(i + 1).append(". ").append(minimal.get(i));
    }
    Throwable reported = cause != null ? cause : failure;
    message.append("\nit fails with: ").append(reported);
    throw new AssertionError(message.toString(), reported);
  }

  /**
   * Removes steps from a failing sequence for as long as it keeps failing.
   *
   * @param steps a sequence that fails
   * @param run runs a whole sequence from a fresh state, throwing when a check fails
   * @param <T> the step type
   * @return a sub-sequence (same order) that fails, from which no single step can be dropped
   */
  public static <T> List<T> minimise(List<T> steps, Consumer<List<T>> run) {
    List<T> current = List.copyOf(steps);
    int chunk = Math.max(1, current.size() / 2);
    while (true) {
      boolean removed = false;
      int start = 0;
      while (start < current.size() && current.size() > 1) {
        List<T> candidate = without(current, start, chunk);
        if (failureOf(candidate, run) != null) {
          current = candidate;
          removed = true;
        } else {
          start += chunk;
        }
      }
      if (!removed) {
        if (chunk == 1) {
          return current;
        }
        chunk = Math.max(1, chunk / 2);
      }
    }
  }

  private static <T> List<T> without(List<T> steps, int start, int count) {
    List<T> rest = new ArrayList<>(steps.subList(0, start));
    rest.addAll(steps.subList(Math.min(steps.size(), start + count), steps.size()));
    return List.copyOf(rest);
  }

  private static <T> @Nullable Throwable failureOf(List<T> steps, Consumer<List<T>> run) {
    try {
      run.accept(steps);
      return null;
    } catch (TestAbortedException aborted) {
      throw aborted; // an assumption (no server, say) is not a failure of the sequence
    } catch (AssertionError | RuntimeException failure) {
      return failure;
    }
  }
}
