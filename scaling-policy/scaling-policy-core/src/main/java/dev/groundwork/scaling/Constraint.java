package dev.groundwork.scaling;

/**
 * A rule that held or shaped a recommendation, with the words that explain it.
 *
 * @param limit which rule
 * @param detail what it did, for example "scale-in held by the 300 s stabilisation window"
 */
public record Constraint(Limit limit, String detail) {

  @Override
  public String toString() {
    return detail;
  }
}
