package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.RepeatedTest;

class PaymentRetriesExampleTest {

  @RepeatedTest(5)
  void eachOrderIsChargedOnceWhateverTheRetries() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PaymentRetriesExample.Report report;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report = PaymentRetriesExample.run(InMemoryIdempotencyStore.builder().build(), out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report.bankCharges()).containsExactly("ch_1 alice 4200", "ch_2 carol 700");
    // alice's first try, mallory's decline and carol's second try ran; nothing else did.
    assertThat(report.fresh()).isEqualTo(3);
    // alice's late retry and mallory's retry were replays.
    assertThat(report.replayed()).isEqualTo(2);
    // both of alice's concurrent retries found her charge in progress.
    assertThat(report.inProgress()).isEqualTo(2);
    // the reused key and the blank key were refused.
    assertThat(report.refused()).isEqualTo(2);
    assertThat(text)
        .contains("409 {Retry-After=[30]}")
        .contains("Idempotent-Replayed=[true]")
        .contains("422")
        .contains("402")
        .contains("400")
        .contains("The bank saw 2 charges");
  }
}
