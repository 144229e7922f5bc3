package dev.groundwork.consistency.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How stale a history's reads were: the share of successful reads that missed the latest write
 * acknowledged before they started, and by how long (Foundations §7: eventual consistency's
 * staleness window).
 *
 * <p>A read is stale when it returned the value of a write that had completed before the latest
 * acknowledged write was even invoked (or returned nothing while such a write existed); a value of
 * a write concurrent with or later than that one is fresh. Writes must write distinct values.
 *
 * @param reads successful reads considered (those that started after some write was acknowledged)
 * @param staleReads how many of them were stale
 * @param maxLag the longest time from the missed write's acknowledgement to the stale read's start,
 *     on the history's clock
 * @param meanLag the mean of those times
 */
public record Staleness(int reads, int staleReads, long maxLag, double meanLag) {

  /**
   * The share of stale reads.
   *
   * @return between 0 and 1; 0 when there were no reads
   */
  public double staleFraction() {
    return reads == 0 ? 0 : (double) staleReads / reads;
  }

  /**
   * Measures a history.
   *
   * @param history the history
   * @return the measure
   */
  public static Staleness of(History history) {
    return of(history.operations());
  }

  /**
   * Measures operations.
   *
   * @param operations the operations, any keys
   * @return the measure
   */
  public static Staleness of(List<Operation> operations) {
    int reads = 0;
    int stale = 0;
    long maxLag = 0;
    long lagSum = 0;
    List<Operation> writes = new ArrayList<>();
    for (Operation op : operations) {
      if (op.kind() == Operation.Kind.WRITE && op.outcome() == Operation.Outcome.OK) {
        writes.add(op);
      }
    }
    for (Operation read : operations) {
      if (read.kind() != Operation.Kind.READ || read.outcome() != Operation.Outcome.OK) {
        continue;
      }
      Operation latest = null;
      for (Operation w : writes) {
        if (w.key().equals(read.key())
            && w.completedAt() < read.invokedAt()
            && (latest == null || w.completedAt() > latest.completedAt())) {
          latest = w;
        }
      }
      if (latest == null) {
        continue;
      }
      reads++;
      if (isStale(read, latest, operations)) {
        stale++;
        long lag = read.invokedAt() - latest.completedAt();
        maxLag = Math.max(maxLag, lag);
        lagSum += lag;
      }
    }
    return new Staleness(reads, stale, maxLag, stale == 0 ? 0 : (double) lagSum / stale);
  }

  private static boolean isStale(Operation read, Operation latest, List<Operation> all) {
    if (Objects.equals(read.value(), latest.value())) {
      return false;
    }
    for (Operation w : all) {
      if (w.kind() == Operation.Kind.WRITE
          && w.key().equals(read.key())
          && Objects.equals(w.value(), read.value())
          && w.outcome() != Operation.Outcome.FAIL) {
        // The value read came from this write: fresh unless it completed before 'latest' began.
        return w.outcome() == Operation.Outcome.OK && w.completedAt() < latest.invokedAt();
      }
    }
    return true; // nothing written that value (or it read nothing): it missed 'latest'
  }
}
