package dev.groundwork.consistency;

import java.time.InstantSource;
import java.util.Objects;

/**
 * A hybrid logical clock (Kulkarni et al., 2014): timestamps close to wall-clock time that never go
 * backwards and that order every event after the events it could have seen, even when node clocks
 * disagree. It is what makes last-write-wins honest about causality: a write that saw another is
 * always later than it. Thread-safe.
 */
public final class HybridLogicalClock {

  private final String node;
  private final InstantSource clock;
  private long physical;
  private int logical;

  /**
   * Creates a clock.
   *
   * @param node this node's id
   * @param clock the wall clock (tests pass one they move by hand)
   * @throws ConsistencyArgumentException if the id is blank
   */
  public HybridLogicalClock(String node, InstantSource clock) {
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("a hybrid logical clock needs a node id");
    }
    this.node = node;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * This clock's node id, carried by every timestamp it returns.
   *
   * @return the id
   */
  public String node() {
    return node;
  }

  /**
   * A timestamp for a local event, such as a write this node coordinates.
   *
   * @return a timestamp later than every one this clock returned or received before
   */
  public synchronized HlcTimestamp now() {
    long wall = clock.millis();
    if (wall > physical) {
      physical = wall;
      logical = 0;
    } else {
      logical = Math.addExact(logical, 1);
    }
    return new HlcTimestamp(physical, logical, node);
  }

  /**
   * Takes in a timestamp received from another node and returns one for the receiving event.
   *
   * @param received the other node's timestamp
   * @return a timestamp later than both {@code received} and everything this clock returned
   */
  public synchronized HlcTimestamp update(HlcTimestamp received) {
    long wall = clock.millis();
    long next = Math.max(wall, Math.max(physical, received.physicalMillis()));
    int nextLogical;
    if (next == physical && next == received.physicalMillis()) {
      nextLogical = Math.max(logical, received.logical()) + 1;
    } else if (next == physical) {
      nextLogical = logical + 1;
    } else if (next == received.physicalMillis()) {
      nextLogical = received.logical() + 1;
    } else {
      nextLogical = 0;
    }
    physical = next;
    logical = nextLogical;
    return new HlcTimestamp(physical, logical, node);
  }
}
