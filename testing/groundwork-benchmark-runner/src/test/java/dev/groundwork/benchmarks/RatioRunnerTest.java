package dev.groundwork.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.benchmarks.RatioRunner.Row;
import dev.groundwork.benchmarks.RatioRunner.Score;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioRunnerTest {

  @Test
  void eachBenchmarkIsPairedWithTheBaselineOfItsOwnClass() {
    Map<String, Score> scores = new LinkedHashMap<>();
    scores.put("p.A.replay", new Score(2, "ops/us"));
    scores.put("p.A.bareReplay", new Score(20, "ops/us"));
    scores.put("p.B.replay", new Score(5, "ops/us"));
    scores.put("p.B.decide", new Score(1, "ops/us"));
    scores.put("p.B.bareDecide", new Score(3, "ops/us"));

    List<Row> rows = RatioRunner.pair(scores, 2);

    assertThat(rows).extracting(Row::benchmark).containsExactly("A.replay", "B.replay", "B.decide");
    assertThat(rows.get(0).costRatio()).isEqualTo(10.0);
    assertThat(rows.get(1).bare()).isNaN(); // B has no bareReplay: A's is not borrowed
    assertThat(rows.get(2).costRatio()).isEqualTo(3.0);
    assertThat(rows).allMatch(r -> r.threads() == 2);
  }

  @Test
  void theTableShowsScoresRatiosAndADashWithoutABaseline() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RatioRunner.print(
        List.of(
            new Row("A.replay", 1, 2, 20, "ops/us"),
            new Row("B.simulate", 1, 4, Double.NaN, "ops/s")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("| A.replay | 1 | 2.000 ops/us | 20.000 ops/us | 10.00 |")
        .contains("| B.simulate | 1 | 4.000 ops/s | — | — |");
  }

  @Test
  void anUnknownOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> RatioRunner.run("p", new String[] {"--fast"}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--fast")
        .hasMessageContaining("--full");
  }
}
