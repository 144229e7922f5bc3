package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransactionalOrdersExampleTest {

  @Test
  void aCrashBeforeCommitLeavesNothingAndTheRetryCommitsOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransactionalOrdersExample.Report report;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report =
          TransactionalOrdersExample.run("jdbc:h2:mem:orders-test;DB_CLOSE_DELAY=-1", "test", out);
    }

    assertThat(report.crashedOrderStored()).isFalse();
    assertThat(report.retriedOrderReplayed()).isTrue();
    assertThat(report.orders()).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("rolled back: power cut")
        .contains("ran: order order-7 accepted")
        .contains("replayed: order order-7 accepted");
  }
}
