package dev.groundwork.examples;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The README's first command: the whole library at work on embedded defaults, with nothing to
 * install. Each area prints a short account of what happened.
 *
 * <pre>
 * mvn -q -pl examples -am package exec:java                          # every part
 * mvn -q -pl examples -am package exec:java -Dexec.args=idempotency  # one part
 * </pre>
 */
public final class Tour {

  /** The parts, in the order they run. */
  static final List<String> PARTS = List.of("idempotency", "consistency", "scaling");

  private Tour() {}

  /**
   * Runs the tour.
   *
   * @param args optionally the parts to run: {@code idempotency}, {@code consistency}, {@code
   *     scaling}; all of them when empty. {@code --help} lists them.
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int status = run(List.of(args), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the named parts.
   *
   * @param args the parts, or {@code --help}
   * @param out where the account goes
   * @return 0 on success, 2 for an unknown part
   * @throws InterruptedException if interrupted
   */
  static int run(List<String> args, PrintStream out) throws InterruptedException {
    if (args.contains("--help") || args.contains("-h")) {
      out.println("usage: Tour [" + String.join("|", PARTS) + "]...");
      out.println("Runs the Groundwork tour on embedded defaults; all parts when none is named.");
      return 0;
    }
    List<String> parts = args.isEmpty() ? PARTS : args;
    for (String part : parts) {
      if (!PARTS.contains(part.toLowerCase(Locale.ROOT))) {
        out.println("unknown part '" + part + "'; choose from " + PARTS);
        return 2;
      }
    }
    out.println("Groundwork tour: reliability patterns on embedded defaults.");
    out.println();
    for (String part : parts) {
      switch (part.toLowerCase(Locale.ROOT)) {
        case "idempotency" ->
            PaymentRetriesExample.run(InMemoryIdempotencyStore.builder().build(), out);
        case "consistency" -> QuorumPartitionExample.run(out);
        default -> AutoscalingExample.run(out);
      }
      out.println();
    }
    return 0;
  }
}
