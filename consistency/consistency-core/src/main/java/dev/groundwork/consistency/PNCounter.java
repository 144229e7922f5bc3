package dev.groundwork.consistency;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A counter that goes up and down: two grow-only counters, increments and decrements. Immutable.
 */
public final class PNCounter implements Crdt<PNCounter> {

  private static final PNCounter ZERO = new PNCounter(GCounter.zero(), GCounter.zero());

  private final GCounter up;
  private final GCounter down;

  private PNCounter(GCounter up, GCounter down) {
    this.up = up;
    this.down = down;
  }

  /**
   * A counter at zero.
   *
   * @return the counter
   */
  public static PNCounter zero() {
    return ZERO;
  }

  /**
   * This counter changed by one node.
   *
   * @param node the node's id
   * @param delta any amount, negative to decrement
   * @return a new counter
   */
  public PNCounter add(String node, long delta) {
    return delta >= 0
        ? new PNCounter(up.increment(node, delta), down)
        : new PNCounter(up, down.increment(node, Math.negateExact(delta)));
  }

  /**
   * The count.
   *
   * @return increments minus decrements
   */
  public long value() {
    return Math.subtractExact(up.value(), down.value());
  }

  @Override
  public PNCounter merge(PNCounter other) {
    return new PNCounter(up.merge(other.up), down.merge(other.down));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PNCounter p && up.equals(p.up) && down.equals(p.down);
  }

  @Override
  public int hashCode() {
    return Objects.hash(up, down);
  }

  @Override
  public String toString() {
    return "PNCounter[" + value() + "]";
  }
}
