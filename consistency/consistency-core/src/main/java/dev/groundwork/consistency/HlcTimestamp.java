package dev.groundwork.consistency;

import java.util.Comparator;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds, a logical counter that orders events
 * within one millisecond (or while a node's clock lags one it heard from), and the node's id to
 * break the last tie. Totally ordered and consistent with causality.
 *
 * @param physicalMillis the largest wall-clock time seen, in milliseconds since the epoch
 * @param logical the counter within that millisecond, at least 0
 * @param node the id of the node that made it
 */
public record HlcTimestamp(long physicalMillis, int logical, String node)
    implements Comparable<HlcTimestamp> {

  private static final Comparator<HlcTimestamp> ORDER =
      Comparator.comparingLong(HlcTimestamp::physicalMillis)
          .thenComparingInt(HlcTimestamp::logical)
          .thenComparing(HlcTimestamp::node);

  /**
   * Validates the timestamp.
   *
   * @param physicalMillis the wall-clock part
   * @param logical the logical part
   * @param node the node's id
   * @throws ConsistencyArgumentException if the logical part is negative or the node blank
   */
  public HlcTimestamp {
    if (logical < 0) {
      throw new ConsistencyArgumentException(
          "an HLC logical counter must be at least 0, got " + logical);
    }
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("an HLC timestamp needs a node id");
    }
  }

  @Override
  public int compareTo(HlcTimestamp other) {
    return ORDER.compare(this, other);
  }
}
