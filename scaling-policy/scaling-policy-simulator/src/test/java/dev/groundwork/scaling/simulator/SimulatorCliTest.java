package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SimulatorCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void comparesTwoPoliciesOnAGeneratedTraceEndToEnd(@TempDir Path dir) throws Exception {
    Path tracking = dir.resolve("tracking.properties");
    Files.writeString(
        tracking,
        """
        name = tracking
        min = 2
        max = 40
        policy.cpu.type = target-tracking
        policy.cpu.targets = cpu:60
        policy.cpu.scale-in-window = 10m
        schedule.lunch = 11:45-13:30 UTC 4
        """);
    Path step = dir.resolve("step.properties");
    Files.writeString(
        step,
        """
        min = 2
        max = 40
        policy.high.type = step
        policy.high.metric = cpu
        policy.high.alarm = >= 80
        policy.high.steps = 0..10:1, 10..:3
        policy.high.warmup = 3m
        policy.low.type = step
        policy.low.metric = cpu
        policy.low.alarm = <= 30
        policy.low.steps = ..0:-1
        policy.low.scale-in-cooldown = 5m
        """);
    Path outDir = dir.resolve("out");

    int status =
        run(
            "--generate",
            "spike",
            "--step",
            "30s",
            "--noise",
            "0.05",
            "--policy",
            tracking.toString(),
            "--policy",
            step.toString(),
            "--out",
            outDir.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("policy                    tracking")
        .contains("policy                    step");
    assertThat(text).contains("over capacity (requests)").contains("capacity-hours");
    assertThat(Files.readAllLines(outDir.resolve("report.csv"))).hasSize(3);
    assertThat(Files.readString(outDir.resolve("report.json")))
        .startsWith("[{\"policy\":\"tracking\"");
    assertThat(Files.readString(outDir.resolve("tracking.svg")))
        .contains("<svg")
        .contains("id=\"demand\"");
    assertThat(outDir.resolve("step.svg")).exists();
    assertThat(Files.readString(outDir.resolve("report.txt"))).contains("reversals");
  }

  @Test
  void helpExplainsEveryOption() {
    assertThat(run("--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    for (String option :
        new String[] {
          "--trace",
          "--generate",
          "--days",
          "--step",
          "--noise",
          "--seed",
          "--policy",
          "--per-instance",
          "--startup",
          "--warm-pool",
          "--warm-start",
          "--period",
          "--initial",
          "--out"
        }) {
      assertThat(help).contains(option);
    }
  }

  @Test
  void mistakesAreReportedWithStatus2() {
    assertThat(run("--generate", "sawtooth")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--generate must be diurnal, spike, ramp, step or constant")
        .contains("run with --help for the options");
    assertThat(run("--period", "7s", "--step", "60s")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("whole multiple of the trace's step");
    assertThat(run("--bogus", "1")).isEqualTo(2);
    assertThat(run("--days")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a value");
  }

  @Test
  void aBadPolicyFileNamesTheKey(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.properties");
    Files.writeString(
        bad,
        "policy.x.type = step\npolicy.x.metric = cpu\npolicy.x.alarm = => 5\npolicy.x.steps = 0..:1\n");

    assertThat(run("--policy", bad.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("policy.x.alarm must start with >=, >, < or <=");
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneDefaultPolicyOnAShortTracePrintsItsReportChartAndFilesButNoComparison(@TempDir Path dir)
      throws Exception {
    assertThat(run("--generate", "constant", "--days", "1", "--out", dir.toString())).isZero();

    String nl = System.lineSeparator();
    assertThat(out())
        .contains("policy                    target-tracking-60")
        .contains(
            "chart                     "
                + dir.resolve("target-tracking-60.svg").toAbsolutePath()
                + nl
                + nl)
        .contains("reports in " + dir.toAbsolutePath())
        .doesNotContain("over capacity (requests)");
    assertThat(err()).as("no progress for a short run").isEmpty();
    assertThat(Files.readString(dir.resolve("report.csv")).lines()).hasSize(2);
  }

  @Test
  void noiseChangesTheTraceAndTheSeedRepeatsIt(@TempDir Path dir) {
    run("--generate", "constant", "--out", dir.toString());
    String plain = requestsLine(out());
    out.reset();
    run("--generate", "constant", "--noise", "0.3", "--seed", "7", "--out", dir.toString());
    String noisy = requestsLine(out());
    out.reset();
    run("--generate", "constant", "--noise", "0.3", "--seed", "7", "--out", dir.toString());

    assertThat(plain).isEqualTo("requests                  25920000");
    assertThat(noisy).isNotEqualTo(plain).isEqualTo(requestsLine(out()));
  }

  private static String requestsLine(String text) {
    return text.lines().filter(l -> l.startsWith("requests ")).findFirst().orElseThrow();
  }

  @Test
  void aRunOfExactly100000SamplesIsNotYetLong(@TempDir Path dir) {
    // One day at 0.864 s steps, decisions every 100 steps.
    assertThat(
            run(
                "--generate",
                "constant",
                "--step",
                "PT0.864S",
                "--period",
                "PT86.4S",
                "--out",
                dir.toString()))
        .isZero();
    assertThat(err()).isEmpty();
  }

  @Test
  void aLongRunReportsItsProgress(@TempDir Path dir) {
    // Two days at one-second steps: 172,800 samples, above the 100,000 where progress starts.
    assertThat(
            run("--generate", "constant", "--days", "2", "--step", "1s", "--out", dir.toString()))
        .isZero();

    assertThat(err().lines())
        .contains("simulating target-tracking-60: 10%", "simulating target-tracking-60: 100%");
  }

  @Test
  void badNumbersAndMissingFilesAreReportedWithStatus2(@TempDir Path dir) {
    assertThat(run("--days", "many")).isEqualTo(2);
    assertThat(err())
        .contains("error: not a number: For input string: \"many\"")
        .contains("run with --help for the options");
    err.reset();

    assertThat(run("--days", "0")).isEqualTo(2);
    assertThat(err()).contains("error: --days must be at least 1, got 0");
    err.reset();

    Path missing = dir.resolve("missing.csv");
    assertThat(run("--trace", missing.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("error: java.nio.file.NoSuchFileException: " + missing);
  }
}
