package dev.groundwork.scaling.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.scaling.Autoscaler;
import dev.groundwork.scaling.CapacityLimits;
import dev.groundwork.scaling.TargetTrackingPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

  @Test
  void theChartIsValidSvgWithTheThreeSeriesAndTheActions() throws Exception {
    LoadTrace trace =
        LoadTrace.spike(
            Duration.ofHours(6),
            Duration.ofSeconds(10),
            200,
            1500,
            Duration.ofHours(2),
            Duration.ofMinutes(20));
    Autoscaler autoscaler =
        Autoscaler.builder(new CapacityLimits(1, 50))
            .policy(TargetTrackingPolicy.builder("cpu").target("cpu", 60).build())
            .build();
    SimulationResult result =
        new Simulator(CapacityModel.defaults()).run(trace, autoscaler, "tt <60>");

    String svg = SvgChart.render(result);
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    NodeList lines = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
    assertThat(lines.getLength()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      Element line = (Element) lines.item(i);
      assertThat(line.getAttribute("id")).isIn("demand", "capacity", "desired");
      assertThat(line.getAttribute("points").trim().split(" "))
          .hasSizeGreaterThanOrEqualTo(Math.min(result.size(), SvgChart.COLUMNS));
    }
    NodeList markers = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
    assertThat(markers.getLength()).isEqualTo(result.actions().size()).isPositive();
    assertThat(((Element) markers.item(0)).getAttribute("class")).isEqualTo("action scale-out");
    assertThat(
            doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title")
                .item(0)
                .getTextContent())
        .isEqualTo("tt <60>");
  }

  @Test
  void longRunsAreReducedToAFixedNumberOfColumns() {
    LoadTrace week = LoadTrace.diurnal(7, Duration.ofSeconds(1), 100, 1000);
    Autoscaler autoscaler =
        Autoscaler.builder(new CapacityLimits(1, 50))
            .policy(TargetTrackingPolicy.builder("cpu").target("cpu", 60).build())
            .build();
    SimulationResult result = new Simulator(CapacityModel.defaults()).run(week, autoscaler, "week");

    String svg = SvgChart.render(result);
    String demand = svg.substring(svg.indexOf("id=\"demand\""));
    demand = demand.substring(demand.indexOf("points=\"") + 8, demand.indexOf("\"/>"));
    assertThat(demand.trim().split(" ")).hasSize(SvgChart.COLUMNS);
    assertThat(result.size()).isEqualTo(604_800);
  }
}
