package dev.groundwork.consistency.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One completed entry of a history: an operation on a register key, when it was invoked and when
 * (and how) it completed.
 *
 * <p>Outcomes follow the usual history vocabulary: {@link Outcome#OK} (it took effect, and for a
 * read returned {@link #value()}), {@link Outcome#FAIL} (it certainly did not take effect) and
 * {@link Outcome#INFO} (indeterminate: it may take effect at any time after its invocation, or
 * never, as a write whose quorum was not reached).
 *
 * @param id a number unique in the history
 * @param process the client that ran it
 * @param key the register
 * @param kind read or write
 * @param value for a write, the value written; for an OK read, the value read (null: absent)
 * @param invokedAt when it was invoked, on the history's clock
 * @param completedAt when it completed, on the history's clock; meaningless for INFO
 * @param outcome how it completed
 */
public record Operation(
    long id,
    String process,
    String key,
    Kind kind,
    @Nullable Object value,
    long invokedAt,
    long completedAt,
    Outcome outcome) {

  /** What the operation does. */
  public enum Kind {
    /** Reads the register. */
    READ,
    /** Writes a value (null: deletes). */
    WRITE
  }

  /** How the operation completed. */
  public enum Outcome {
    /** It took effect. */
    OK,
    /** It certainly did not take effect. */
    FAIL,
    /** It may or may not take effect. */
    INFO
  }

  /**
   * Validates the entry.
   *
   * @param id the id
   * @param process the client
   * @param key the key
   * @param kind the kind
   * @param value the value
   * @param invokedAt invocation time
   * @param completedAt completion time
   * @param outcome the outcome
   */
  public Operation {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    if (outcome != Outcome.INFO && completedAt < invokedAt) {
      throw new IllegalArgumentException(
          "operation "
              + id
              + " completes ("
              + completedAt
              + ") before it is invoked ("
              + invokedAt
              + ")");
    }
  }

  @Override
  public String toString() {
    return "#"
        + id
        + " "
        + process
        + " "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + "("
        + key
        + (kind == Kind.WRITE ? ", " + value : "")
        + ")"
        + (kind == Kind.READ && outcome == Outcome.OK ? " → " + value : "")
        + " ["
        + invokedAt
        + ", "
        + (outcome == Outcome.INFO ? "?" : Long.toString(completedAt))
        + "] "
        + outcome;
  }
}
