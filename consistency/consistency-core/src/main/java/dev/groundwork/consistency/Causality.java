package dev.groundwork.consistency;

/** How two versions relate in causal (happened-before) order. */
public enum Causality {
  /** This version happened before the other: the other supersedes it. */
  BEFORE,
  /** This version happened after the other: it supersedes the other. */
  AFTER,
  /** The same version. */
  EQUAL,
  /** Neither saw the other: both are siblings until something merges them. */
  CONCURRENT
}
