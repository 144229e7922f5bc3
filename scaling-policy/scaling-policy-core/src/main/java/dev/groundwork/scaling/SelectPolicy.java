package dev.groundwork.scaling;

/** Which rate-limit policy wins when several apply, as in the Kubernetes HPA's selectPolicy. */
public enum SelectPolicy {
  /** The policy that allows the largest change (the HPA's default). */
  MAX,
  /** The policy that allows the smallest change. */
  MIN,
  /** No change in this direction at all. */
  DISABLED
}
