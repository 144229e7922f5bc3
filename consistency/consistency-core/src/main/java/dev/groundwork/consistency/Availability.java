package dev.groundwork.consistency;

/** What a read does when its quorum cannot be met (Foundations §2: CP or AP, per operation). */
public enum Availability {
  /** Fail: no answer rather than a possibly stale one. */
  CP,
  /** Answer from the replicas that did reply, flagged as possibly stale. */
  AP
}
