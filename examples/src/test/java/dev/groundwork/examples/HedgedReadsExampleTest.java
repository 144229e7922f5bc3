package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.examples.HedgedReadsExample.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HedgedReadsExampleTest {

  @Test
  void theHedgedClientAvoidsTheSlowReplicaAndSharesLoadWithItOnceItRecovers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Phase> phases;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      phases = HedgedReadsExample.run(out);
    }
    Phase all = phases.get(0);
    Phase hedged = phases.get(1);
    Phase recovered = phases.get(2);

    // Asking all three: every read waits for the 2nd fastest, b or c, and costs 3 requests.
    assertThat(all.requestsPerRead()).isEqualTo(3.0);
    assertThat(all.p99Millis()).isLessThan(8);
    // Hedged: as fast at p50 and close at p99, for barely more than 2 requests a read; a is asked
    // only by the first read and by a re-probe every 2 s of simulated time.
    assertThat(hedged.requestsPerRead()).isLessThan(2.1);
    assertThat(hedged.p50Millis()).isLessThanOrEqualTo(all.p50Millis() + 1);
    assertThat(hedged.askedA()).isBetween(1, 10);
    // Recovered: a takes its turn again, about two reads in three.
    assertThat(recovered.askedA()).isGreaterThan(100);
    assertThat(recovered.requestsPerRead()).isLessThan(2.1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("2. hedged after 15 ms", "requests a read");
  }
}
