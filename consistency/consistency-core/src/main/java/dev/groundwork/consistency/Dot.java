package dev.groundwork.consistency;

/**
 * One write's unique identity in causal order: the writer that made it and that writer's counter.
 * Dotted version vectors (Preguiça et al.) give every write a dot of its own, separate from the
 * causal context it was made from, so that two writes from one context (two threads, two blind
 * writes) stay distinct and neither supersedes the other.
 *
 * @param node the writer's id
 * @param counter the writer's counter, at least 1
 */
public record Dot(String node, long counter) implements Comparable<Dot> {

  /**
   * Checks the parts.
   *
   * @param node the writer's id, not blank
   * @param counter at least 1
   * @throws ConsistencyArgumentException if either is out of range
   */
  public Dot {
    if (node == null || node.isBlank()) {
      throw new ConsistencyArgumentException("a dot's node id must not be blank");
    }
    if (counter < 1) {
      throw new ConsistencyArgumentException(
          "a dot's counter must be at least 1, got " + counter + " for '" + node + "'");
    }
  }

  @Override
  public int compareTo(Dot other) {
    int byNode = node.compareTo(other.node);
    return byNode != 0 ? byNode : Long.compare(counter, other.counter);
  }

  @Override
  public String toString() {
    return node + ":" + counter;
  }
}
