package dev.groundwork.consistency;

/** What a read does about replicas it found behind. */
public enum ReadRepair {
  /** Nothing: stale replicas catch up through hints or later writes. */
  OFF,
  /** Sends them the newest versions without waiting: cheap, but a read right after may be stale. */
  ASYNC,
  /**
   * Sends them the newest versions and waits (within the deadline) before answering, so that a
   * later quorum read cannot see an older value: monotonic quorum reads.
   */
  BLOCKING
}
