package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where the chart puts things, worked out from its layout: a 1100 × 460 canvas with a plot area
 * from x = 70 to 1080 (1010 wide) and from y = 50 to 400 (350 high); a value v sits at y = 400 −
 * 350 · min(1, v / yMax), where yMax is the first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 times a
 * power of ten at or above 1.05 × the highest value; column c of C sits at x = 70 + 1010 · c / (C −
 * 1).
 */
class SvgChartGeometryTest {

  private static final Instant START = LoadTrace.DEFAULT_START; // a Monday, 00:00 UTC

  private static SimulationResult result(
      Duration step,
      double[] demand,
      double[] capacity,
      int[] desired,
      SimulationResult.Action... actions) {
    SimulationReport report =
        new SimulationReport(
            "chart & co",
            demand.length,
            step.multipliedBy(demand.length),
            0,
            0,
            Duration.ZERO,
            0,
            0,
            actions.length,
            0,
            0,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO);
    return new SimulationResult(
        LoadTrace.of(START, step, demand),
        CapacityModel.defaults().withPerInstance(100),
        demand,
        capacity,
        desired,
        List.of(actions),
        report);
  }

  private static String points(String svg, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\"[^>]* points=\"([^\"]*)\"").matcher(svg);
    assertThat(m.find()).as("polyline " + id).isTrue();
    return m.group(1).trim();
  }

  private static List<String> texts(String svg) {
    Matcher m = Pattern.compile("<text [^>]*>([^<]*)</text>").matcher(svg);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void threeSamplesLandOnTheirCoordinates() {
    // Highest value 400: 1.05 × 400 = 420, so yMax = 5 × 100 = 500.
    SimulationResult r =
        result(
            Duration.ofMinutes(1),
            new double[] {100, 400, 200},
            new double[] {100, 100, 300},
            new int[] {1, 3, 3},
            new SimulationResult.Action(START.plusSeconds(60), 1, 1, 3, "out"),
            new SimulationResult.Action(START.plusSeconds(120), 2, 3, 1, "in"));

    String svg = SvgChart.render(r);

    assertThat(points(svg, "demand")).isEqualTo("70.0,330.0 575.0,120.0 1080.0,260.0");
    assertThat(points(svg, "capacity")).isEqualTo("70.0,330.0 575.0,330.0 1080.0,190.0");
    // The asked-for capacity is drawn as steps: a vertical segment where it changes.
    assertThat(points(svg, "desired")).isEqualTo("70.0,330.0 575.0,330.0 575.0,190.0 1080.0,190.0");
    assertThat(svg)
        .contains(
            "<path class=\"action scale-out\" d=\"M 575.0 190.0 l -5 9 l 10 0 z\" fill=\"#2ca02c\">"
                + "<title>2026-03-02T00:01:00Z: out</title></path>")
        .contains(
            "<path class=\"action scale-in\" d=\"M 1080.0 330.0 l -5 -9 l 10 0 z\""
                + " fill=\"#9467bd\"><title>2026-03-02T00:02:00Z: in</title></path>");
    // Grid lines at 0, 100, … 500 requests per second; labels 4 px below each line.
    assertThat(svg)
        .contains("<line x1=\"70\" y1=\"400.0\" x2=\"1080\" y2=\"400.0\"/>")
        .contains("<line x1=\"70\" y1=\"50.0\" x2=\"1080\" y2=\"50.0\"/>")
        .contains("<text x=\"64\" y=\"334.0\" text-anchor=\"end\" stroke=\"none\">100</text>")
        .contains("<text x=\"575.0\" y=\"418\" text-anchor=\"middle\" stroke=\"none\">00:01</text>")
        .contains("<text x=\"16\" y=\"225\" transform=\"rotate(-90 16 225)\"")
        .contains("<title>chart &amp; co</title>")
        .contains(">chart &amp; co: demand and capacity (2 scaling actions)</text>")
        .contains(
            "<line x1=\"250\" y1=\"438\" x2=\"274\" y2=\"438\" stroke=\"#1f77b4\""
                + " stroke-width=\"3\"/><text x=\"280\" y=\"442\">ready capacity</text>");
    assertThat(texts(svg))
        .containsSubsequence("0", "100", "200", "300", "400", "500")
        .containsSubsequence("00:00", "00:00", "00:01", "00:01", "00:02", "00:02", "00:03");
  }

  @Test
  void aLongRunKeepsEachColumnsHighestDemandLowestCapacityAndLastAskedFor() {
    // 2,400 samples in 1,200 columns of two: demand 10 then 20, capacity 100 then 50, asked-for 1
    // then 2 instances. Columns show 20, 50 and 200; yMax = 2.5 × 100 = 250 (from 1.05 × 200).
    int n = 2 * SvgChart.COLUMNS;
    double[] demand = new double[n];
    double[] capacity = new double[n];
    int[] desired = new int[n];
    for (int i = 0; i < n; i += 2) {
      demand[i] = 10;
      demand[i + 1] = 20;
      capacity[i] = 100;
      capacity[i + 1] = 50;
      desired[i] = 1;
      desired[i + 1] = 2;
    }

    String svg = SvgChart.render(result(Duration.ofSeconds(1), demand, capacity, desired));

    String[] d = points(svg, "demand").split(" ", -1);
    assertThat(d).hasSize(SvgChart.COLUMNS);
    assertThat(Arrays.copyOf(d, 2)).containsExactly("70.0,372.0", "70.8,372.0");
    assertThat(d[SvgChart.COLUMNS - 1]).isEqualTo("1080.0,372.0");
    assertThat(points(svg, "capacity").split(" ", -1)).allMatch(p -> p.endsWith(",330.0"));
    assertThat(points(svg, "desired").split(" ", -1)).allMatch(p -> p.endsWith(",120.0"));
    assertThat(texts(svg)).containsSubsequence("0", "50", "100", "150", "200", "250");
  }

  @Test
  void axisLabelsUseThousandsAndOneDecimalWhereTheyNeedThem() {
    // Highest 4,000: 1.05 × 4,000 = 4,200 → yMax 5,000, labels 0, 1k, … 5k.
    String big =
        SvgChart.render(
            result(
                Duration.ofMinutes(1),
                new double[] {4_000, 4_000},
                new double[] {4_000, 4_000},
                new int[] {40, 40}));
    assertThat(texts(big)).containsSubsequence("0", "1k", "2k", "3k", "4k", "5k");

    // Highest 1 (the floor of the scale): 1.05 → yMax 1.2, labels every 0.24.
    String small =
        SvgChart.render(
            result(
                Duration.ofMinutes(1),
                new double[] {0.5, 1},
                new double[] {0, 0},
                new int[] {0, 0}));
    assertThat(texts(small)).containsSubsequence("0", "0.2", "0.5", "0.7", "1.0", "1.2");

    // 1.05 × 1,900 = 1,995 → 2 × 1,000 exactly, labels in steps of 400.
    String exact =
        SvgChart.render(
            result(
                Duration.ofMinutes(1),
                new double[] {1_900, 1_900},
                new double[] {0, 0},
                new int[] {0, 0}));
    assertThat(texts(exact)).containsSubsequence("0", "400", "800", "1200", "1600", "2k");

    // 1.05 × 190.47619047619048 is exactly 200 in double arithmetic: 200 is its own ceiling.
    String onTheDot =
        SvgChart.render(
            result(
                Duration.ofMinutes(1),
                new double[] {190.47619047619048, 1},
                new double[] {0, 0},
                new int[] {0, 0}));
    assertThat(texts(onTheDot)).containsSubsequence("0", "40", "80", "120", "160", "200");
  }

  @Test
  void runsLongerThanTwoDaysLabelTheDay() {
    double[] three = {1, 1, 1};
    int[] none = {0, 0, 0};
    String days = SvgChart.render(result(Duration.ofDays(1), three, three, none));
    assertThat(texts(days)).containsSubsequence("Mon 00:00", "Mon 12:00", "Tue 00:00", "Thu 00:00");

    double[] two = {1, 1};
    String exactlyTwoDays = SvgChart.render(result(Duration.ofDays(1), two, two, new int[] {0, 0}));
    assertThat(texts(exactlyTwoDays))
        .contains("00:00", "08:00", "16:00")
        .doesNotContain("Mon 00:00");
  }
}
