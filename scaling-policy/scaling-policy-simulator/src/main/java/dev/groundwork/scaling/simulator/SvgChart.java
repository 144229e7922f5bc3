package dev.groundwork.scaling.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Draws a run as a standalone SVG document: demand, ready capacity and asked-for capacity over time
 * (all in requests per second), with each scaling action marked by a triangle. Long runs are
 * reduced to at most {@value #COLUMNS} columns, keeping each column's highest demand and lowest
 * capacity so that no shortfall disappears from the picture.
 */
public final class SvgChart {

  /** The most columns a chart draws. */
  public static final int COLUMNS = 1200;

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 460;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private SvgChart() {}

  /**
   * Renders a run.
   *
   * @param result the run
   * @return the SVG document
   */
  public static String render(SimulationResult result) {
    int n = result.size();
    int columns = Math.min(COLUMNS, n);
    double[] demand = new double[columns];
    double[] capacity = new double[columns];
    double[] desired = new double[columns];
    double perInstance = result.model().perInstance();
    double yMax = 1;
    for (int c = 0; c < columns; c++) {
      int from = (int) ((long) c * n / columns);
      int to = (int) ((long) (c + 1) * n / columns); // at least from + 1: columns <= n
      double d = 0;
      double cap = Double.MAX_VALUE;
      for (int i = from; i < to; i++) {
        d = Math.max(d, result.demand(i));
        cap = Math.min(cap, result.capacity(i));
      }
      demand[c] = d;
      capacity[c] = cap;
      desired[c] = result.desired(to - 1) * perInstance;
      yMax = Math.max(yMax, Math.max(d, Math.max(cap, desired[c])));
    }
    yMax = niceCeiling(yMax * 1.05);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;

    StringBuilder s = new StringBuilder(64 * 1024);
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    s.append("<title>").append(escape(result.report().policy())).append("</title>\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n",
            LEFT,
            escape(
                result.report().policy()
                    + ": demand and capacity ("
                    + result.actions().size()
                    + " scaling actions)")));

    // Axes and grid.
    s.append("<g id=\"axes\" stroke=\"#ccc\" fill=\"#333\">\n");
    for (int k = 0; k <= 5; k++) {
      double v = yMax * k / 5;
      double y = TOP + plotH - plotH * k / 5;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" stroke=\"none\">%s</text>%n",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              LEFT - 6,
              y + 4,
              formatNumber(v)));
    }
    Duration length = result.trace().step().multipliedBy(n);
    for (int k = 0; k <= 6; k++) {
      double x = LEFT + plotW * k / 6;
      Instant t = result.trace().start().plus(length.multipliedBy(k).dividedBy(6));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\">%s</text>%n",
              x,
              HEIGHT - BOTTOM + 18,
              timeLabel(t, length)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\""
                + " stroke=\"none\">requests per second</text>%n",
            TOP + (int) plotH / 2,
            TOP + (int) plotH / 2));
    s.append("</g>\n");

    polyline(s, "demand", "#d62728", "", demand, yMax, plotW, plotH, false);
    polyline(s, "capacity", "#1f77b4", "", capacity, yMax, plotW, plotH, false);
    polyline(
        s, "desired", "#2ca02c", " stroke-dasharray=\"6 4\"", desired, yMax, plotW, plotH, true);

    s.append("<g id=\"actions\">\n");
    for (SimulationResult.Action a : result.actions()) {
      double x = LEFT + plotW * a.index() / Math.max(1, n - 1);
      double y = TOP + plotH - plotH * Math.min(1, a.to() * perInstance / yMax);
      boolean out = a.delta() > 0;
      s.append(
          String.format(
              Locale.ROOT,
              "<path class=\"action %s\" d=\"M %.1f %.1f l -5 %s l 10 0 z\" fill=\"%s\">"
                  + "<title>%s</title></path>%n",
              out ? "scale-out" : "scale-in",
              x,
              y,
              out ? "9" : "-9",
              out ? "#2ca02c" : "#9467bd",
              escape(a.at() + ": " + a.explanation())));
    }
    s.append("</g>\n");

    // Legend.
    String[][] legend = {
      {"#d62728", "demand"}, {"#1f77b4", "ready capacity"}, {"#2ca02c", "asked-for capacity"}
    };
    for (int k = 0; k < legend.length; k++) {
      int x = LEFT + k * 180;
      int y = HEIGHT - 18;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              x,
              y - 4,
              x + 24,
              y - 4,
              legend[k][0],
              x + 30,
              y,
              legend[k][1]));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static void polyline(
      StringBuilder s,
      String id,
      String color,
      String extra,
      double[] values,
      double yMax,
      double plotW,
      double plotH,
      boolean stepped) {
    s.append(
        String.format(
            Locale.ROOT,
            "<polyline id=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"",
            id,
            color,
            extra));
    double prevY = Double.NaN;
    for (int c = 0; c < values.length; c++) {
      double x = LEFT + plotW * c / Math.max(1, values.length - 1);
      double y = TOP + plotH - plotH * Math.min(1, values[c] / yMax);
      if (stepped && !Double.isNaN(prevY) && prevY != y) {
        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, prevY));
      }
      s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      prevY = y;
    }
    s.append("\"/>\n");
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String formatNumber(double v) {
    return v >= 1000 && v % 1000 == 0
        ? String.format(Locale.ROOT, "%.0fk", v / 1000)
        : String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v);
  }

  private static String timeLabel(Instant t, Duration length) {
    String pattern = length.compareTo(Duration.ofDays(2)) > 0 ? "EEE HH:mm" : "HH:mm";
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
