import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Judges the PIT reports of the modules named in scripts/mutation-thresholds: each module's test
 * strength (killed / (killed + survived)) must reach its threshold, after the surviving mutants listed
 * with a reason in the module's src/test/pitest/equivalent-mutants.txt are set aside. An entry that
 * matches no surviving mutant fails the gate too, so the list cannot go stale. A module whose tests
 * live elsewhere (consistency-core's quorum tests are in consistency-testkit) names the module whose
 * PIT run mutates it as a third column.
 *
 * <p>Run from the project root after {@code mvn -Pmutation verify}: {@code java
 * scripts/MutationGate.java}. Prints one Markdown table row per module and exits 1 when a module
 * falls short, its report is missing, or an exclusion is stale (matches no surviving mutant; one
 * that only timed out this run is set aside, not judged). Single-file source: it needs only a
 * JDK, no build.
 */
public final class MutationGate {

  private MutationGate() {}

  /** One surviving mutant's identity, as an exclusion line names it. */
  record Mutant(String mutatedClass, String method, int line, String description) {
    boolean matches(Exclusion e) {
      String simple = mutatedClass.substring(mutatedClass.lastIndexOf('.') + 1);
      return simple.equals(e.mutatedClass())
          && method.equals(e.method())
          && line == e.line()
          && description.startsWith(e.description());
    }

    @Override
    public String toString() {
      String simple = mutatedClass.substring(mutatedClass.lastIndexOf('.') + 1);
      return simple + " | " + method + " | " + line + " | " + description;
    }
  }

  /** A reviewed equivalent mutant: class | method | line | mutator description | reason. */
  record Exclusion(String mutatedClass, String method, int line, String description, String why) {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Map<String, String[]> thresholds = thresholds(root.resolve("scripts/mutation-thresholds"));
    boolean ok = true;
    System.out.println(
        "| module | mutants | killed | survived | no coverage | equivalent (listed) | test strength | threshold |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String[]> t : thresholds.entrySet()) {
      String module = t.getKey();
      int threshold = Integer.parseInt(t.getValue()[0]);
      Path report = root.resolve(t.getValue()[1]).resolve("target/pit-reports/mutations.xml");
      if (!Files.exists(report)) {
        problems.add(module + ": no PIT report at " + report + " (run mvn -Pmutation verify first)");
        ok = false;
        continue;
      }
      List<Exclusion> exclusions =
          exclusions(root.resolve(module).resolve("src/test/pitest/equivalent-mutants.txt"));
      int total = 0;
      int killed = 0;
      int noCoverage = 0;
      List<Mutant> survivors = new ArrayList<>();
      // Timed out or out of memory: counted as killed, but no test said so. A listed equivalent
      // mutant can land here when the machine is slow (an equivalent change that makes a loop or
      // a wait take longer), which is no sign that its entry went stale.
      List<Mutant> unsettled = new ArrayList<>();
      NodeList mutations =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(report.toFile())
              .getElementsByTagName("mutation");
      for (int i = 0; i < mutations.getLength(); i++) {
        Element m = (Element) mutations.item(i);
        String status = m.getAttribute("status");
        total++;
        switch (status) {
          case "KILLED" -> killed++;
          case "TIMED_OUT", "MEMORY_ERROR" -> {
            killed++;
            unsettled.add(
                new Mutant(
                    text(m, "mutatedClass"),
                    text(m, "mutatedMethod"),
                    Integer.parseInt(text(m, "lineNumber")),
                    text(m, "description")));
          }
          case "NO_COVERAGE" -> noCoverage++;
          case "SURVIVED" ->
              survivors.add(
                  new Mutant(
                      text(m, "mutatedClass"),
                      text(m, "mutatedMethod"),
                      Integer.parseInt(text(m, "lineNumber")),
                      text(m, "description")));
          default -> {} // NON_VIABLE, RUN_ERROR: not judged
        }
      }
      int equivalent = 0;
      for (Exclusion e : exclusions) {
        long matched = survivors.stream().filter(s -> s.matches(e)).count();
        long timedOut = unsettled.stream().filter(s -> s.matches(e)).count();
        if (matched == 0 && timedOut > 0) {
          // Set aside like a survivor: neither killed by a test nor evidence against the entry.
          killed -= (int) timedOut;
          equivalent += (int) timedOut;
          unsettled.removeIf(s -> s.matches(e));
          continue;
        }
        if (matched == 0) {
          problems.add(module + ": the listed equivalent mutant no longer survives: " + e);
          ok = false;
        }
        equivalent += (int) matched;
        survivors.removeIf(s -> s.matches(e));
      }
      int judged = killed + survivors.size();
      double strength = judged == 0 ? 100 : 100.0 * killed / judged;
      boolean pass = strength + 1e-9 >= threshold;
      ok &= pass;
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %d | %d | %d | %.1f %% | %d %%%s |%n",
          module,
          total,
          killed,
          survivors.size(),
          noCoverage,
          equivalent,
          strength,
          threshold,
          pass ? "" : " **below**");
      if (!pass) {
        problems.add(
            module
                + ": test strength "
                + String.format(Locale.ROOT, "%.1f", strength)
                + " % is below "
                + threshold
                + " %; surviving mutants (kill them with a test, or list them with a reason):");
        survivors.forEach(s -> problems.add("    " + s));
      }
    }
    problems.forEach(p -> System.out.println("[mutation] " + p));
    System.out.println(ok ? "[mutation] every module meets its threshold" : "[mutation] FAILED");
    System.exit(ok ? 0 : 1);
  }

  private static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent();
  }

  /** Module → {threshold, module whose PIT run reports on it}. */
  private static Map<String, String[]> thresholds(Path file) throws IOException {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(
            file + ": expected '<module path> <threshold %> [<module path of the PIT run>]', got: " + line);
      }
      out.put(parts[0], new String[] {parts[1], parts.length == 3 ? parts[2] : parts[0]});
    }
    return out;
  }

  private static List<Exclusion> exclusions(Path file) throws IOException {
    List<Exclusion> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] p = l.split("\\s*\\|\\s*", -1);
      if (p.length != 5 || p[4].isBlank()) {
        throw new IllegalArgumentException(
            file + ": expected 'Class | method | line | mutator description | reason', got: " + line);
      }
      out.add(new Exclusion(p[0], p[1], Integer.parseInt(p[2]), p[3], p[4]));
    }
    return out;
  }
}
