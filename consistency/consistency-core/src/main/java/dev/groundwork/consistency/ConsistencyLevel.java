package dev.groundwork.consistency;

/**
 * How many of the N replicas an operation waits for (Foundations §2, §6: tunable consistency).
 *
 * @param name ONE, QUORUM, ALL, or "n" for an explicit count
 * @param count the explicit count, or 0 for a named level
 */
public record ConsistencyLevel(String name, int count) {

  /** One replica: fastest, weakest. */
  public static final ConsistencyLevel ONE = new ConsistencyLevel("ONE", 0);

  /** A majority, {@code N / 2 + 1}: R = W = QUORUM gives R + W > N. */
  public static final ConsistencyLevel QUORUM = new ConsistencyLevel("QUORUM", 0);

  /** Every replica: strongest, and unavailable when any replica is. */
  public static final ConsistencyLevel ALL = new ConsistencyLevel("ALL", 0);

  /**
   * An explicit number of replicas.
   *
   * @param count 1 to N
   * @return the level
   */
  public static ConsistencyLevel of(int count) {
    if (count < 1) {
      throw new ConsistencyArgumentException(
          "a consistency level counts at least 1 replica, got " + count);
    }
    return new ConsistencyLevel(Integer.toString(count), count);
  }

  /**
   * The number of replicas this level means among {@code n}.
   *
   * @param n the replication factor
   * @return 1 to n
   * @throws ConsistencyArgumentException if an explicit count exceeds n
   */
  public int replicas(int n) {
    int r =
        switch (name) {
          case "ONE" -> 1;
          case "QUORUM" -> n / 2 + 1;
          case "ALL" -> n;
          default -> count;
        };
    if (r < 1 || r > n) {
      throw new ConsistencyArgumentException(
          "consistency level " + name + " needs " + r + " replicas; allowed 1 to N = " + n);
    }
    return r;
  }

  @Override
  public String toString() {
    return name;
  }
}
