package dev.groundwork.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.benchmarks.RatioRunner.Measured;
import dev.groundwork.benchmarks.RatioRunner.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;

class RatioRunnerTest {

  @Test
  void eachBenchmarkIsPairedWithTheBaselineOfItsOwnClass() {
    Map<String, Measured> scores = new LinkedHashMap<>();
    scores.put("p.A.replay", Measured.throughput(2));
    scores.put("p.A.bareReplay", Measured.throughput(20));
    scores.put("p.B.replay", Measured.throughput(5));
    scores.put("p.B.decide", Measured.throughput(1));
    scores.put("p.B.bareDecide", Measured.throughput(3));

    List<Row> rows = RatioRunner.pair(scores, 2);

    assertThat(rows).extracting(Row::benchmark).containsExactly("A.replay", "B.replay", "B.decide");
    assertThat(rows.get(0).costRatio()).isEqualTo(10.0);
    assertThat(rows.get(1).bare()).isNull(); // B has no bareReplay: A's is not borrowed
    assertThat(rows.get(2).costRatio()).isEqualTo(3.0);
    assertThat(rows).allMatch(r -> r.threads() == 2);
  }

  @Test
  void theTableShowsShareOfBaselineCostAndADashWithoutABaseline() {
    String table =
        RatioRunner.table(
            List.of(
                new Row("A.replay", 1, Measured.throughput(2e6), Measured.throughput(20e6)),
                new Row("B.simulate", 1, Measured.throughput(4_000), null)));

    assertThat(table)
        .contains("| A.replay | 1 | 2.00 M | 20.0 M | 10 % | 10.00 |")
        .contains("| B.simulate | 1 | 4.00 k | — | — | — |")
        .doesNotContain("p99");
  }

  @Test
  void sampledBenchmarksShowTheirPercentilesBesideTheBaselines() {
    String table =
        RatioRunner.table(
            List.of(
                new Row(
                    "R.firstCall",
                    16,
                    new Measured(9_000, 250_000, 1_500_000),
                    new Measured(10_000, 200_000, 900)),
                new Row("R.replay", 16, Measured.throughput(3), null)));

    assertThat(table)
        .contains(
            "| R.firstCall | 16 | 9.00 k | 10.0 k | 90 % | 1.11 | 250 µs / 1.50 ms | 200 µs / 900 ns |")
        .contains("| R.replay | 16 | 3.00 | — | — | — | — | — |");
  }

  @Test
  void valuesThatRoundUpToAThousandMoveToTheNextUnit() {
    assertThat(RatioRunner.duration(999_700)).isEqualTo("1.00 ms");
    assertThat(RatioRunner.duration(999_400)).isEqualTo("999 µs");
    assertThat(RatioRunner.duration(999.7)).isEqualTo("1.00 µs");
    assertThat(RatioRunner.duration(12.3)).isEqualTo("12.3 ns");
    assertThat(RatioRunner.rate(999_999)).isEqualTo("1.00 M");
    assertThat(RatioRunner.rate(999.6)).isEqualTo("1.00 k");
    assertThat(RatioRunner.rate(0.5)).isEqualTo("0.500");
  }

  @Test
  void aFilterKeepsTheMatchingBenchmarksWithTheirBaselines() {
    assertThat(RatioRunner.select(Sample.class, Pattern.compile("replay")))
        .containsExactly(
            Sample.class.getName() + ".bareReplay", Sample.class.getName() + ".replay");
    assertThat(RatioRunner.select(Sample.class, null)).hasSize(3);
  }

  @Test
  void badArgumentsAreRefusedNamingWhatIsAllowed() {
    RatioRunner suite = RatioRunner.suite("s").jmh(Sample.class, 1);
    assertThatThrownBy(() -> suite.run(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fast")
        .hasMessageContaining("--full");
    assertThatThrownBy(() -> suite.run(new String[] {"--results"}))
        .hasMessageContaining("--results needs a file name");
    assertThatThrownBy(() -> RatioRunner.suite("s").jmh(Sample.class, 0))
        .hasMessageContaining("thread counts");
    assertThatThrownBy(() -> RatioRunner.suite("s").jmh(String.class, 1))
        .hasMessageContaining("no @Benchmark method");
    assertThatThrownBy(() -> suite.run(new String[] {"nothingLikeThis"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches 'nothingLikeThis'");
  }

  @Test
  void aFailingSectionIsReportedAfterTheOthersRanAndFailsTheRun(@TempDir Path dir)
      throws Exception {
    Path results = dir.resolve("results.md");
    RatioRunner suite =
        RatioRunner.suite("s")
            .section("works", full -> "| a |\n")
            .section(
                "breaks",
                full -> {
                  throw new IllegalStateException("simulated");
                });

    assertThatThrownBy(() -> suite.run(new String[] {"--results", results.toString()}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("section 'breaks'");
    assertThat(Files.readString(results))
        .contains("### works", "| a |", "### breaks", "simulated", "**Failed**");
  }

  /** Benchmark methods for selection; never run. */
  public static class Sample {
    /** A benchmark. */
    @Benchmark
    public void replay() {}

    /** Its baseline. */
    @Benchmark
    public void bareReplay() {}

    /** Another. */
    @Benchmark
    public void firstCall() {}
  }
}
