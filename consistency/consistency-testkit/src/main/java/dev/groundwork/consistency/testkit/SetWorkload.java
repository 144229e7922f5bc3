package dev.groundwork.consistency.testkit;

import dev.groundwork.consistency.ReadResult;
import dev.groundwork.consistency.Versioned;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The set workload of the no-lost-write tests: a key's value is a comma-separated set of unique
 * elements, each writer adds its own, and the checker is the union of a read's siblings, never the
 * client's own report of what it wrote.
 */
public final class SetWorkload {

  private SetWorkload() {}

  /**
   * The elements of every sibling of a read, tombstones and empty values contributing none.
   *
   * @param read a read of a set-valued key
   * @return the union, sorted
   */
  public static Set<String> elements(ReadResult<String> read) {
    Set<String> out = new TreeSet<>();
    for (Versioned<String> sibling : read.siblings()) {
      String value = sibling.value();
      if (value != null && !value.isEmpty()) {
        out.addAll(Arrays.asList(value.split(",", -1)));
      }
    }
    return out;
  }

  /**
   * The value that stores a set.
   *
   * @param elements the elements; none may contain a comma
   * @return the comma-separated value
   */
  public static String value(Set<String> elements) {
    for (String e : elements) {
      if (e.contains(",")) {
        throw new IllegalArgumentException("a set element must not contain ',': " + e);
      }
    }
    return String.join(",", elements);
  }
}
