package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What failures report: each replica's cause, unwrapped and named; and the hint options' limits.
 */
class FailureReportsTest {

  @Test
  void aQuorumExceptionNamesEachReplicasUnwrappedCauseAndKeepsThemAll() {
    IOException refused = new IOException("connection refused");
    IllegalStateException bare = new IllegalStateException();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    failures.put("b", new CompletionException(new ExecutionException(refused)));
    failures.put("c", bare);
    failures.put("d", new CompletionException(null, null));

    QuorumException e = new QuorumException("read failed", 2, Set.of("a"), failures, Set.of("e"));

    assertThat(e)
        .hasMessageContaining("failed [b (IOException: connection refused), c (")
        .hasMessageContaining("c (IllegalStateException)")
        .hasMessageContaining("d (CompletionException)")
        .hasMessageContaining("no answer [e]");
    assertThat(e.getMessage()).doesNotContain("IllegalStateException:");
    assertThat(e.getCause()).isSameAs(failures.get("b"));
    assertThat(e.getSuppressed()).containsExactly(bare, failures.get("d"));
    assertThat(e.failed()).containsExactly("b", "c", "d");
    assertThat(e.failures()).containsEntry("c", bare);
    assertThat(e.achieved()).isEqualTo(1);

    QuorumException none = new QuorumException("x", 1, Set.of(), Map.of(), Set.of("a"));
    assertThat(none.getCause()).isNull();
    assertThat(none).hasMessageContaining("failed []");
  }

  @Test
  void hintPoliciesRefuseWhatCannotWorkAndSayWhatIsAllowed() {
    Duration s = Duration.ofSeconds(1);
    assertThat(new HintPolicy(s, s, s, 1).maxKeysPerReplica()).isEqualTo(1);
    assertThatThrownBy(() -> new HintPolicy(s, s, s, 0)).hasMessageContaining("at least 1, got 0");
    assertThatThrownBy(() -> new HintPolicy(Duration.ZERO, s, s, 1))
        .isInstanceOf(ConsistencyArgumentException.class)
        .hasMessageContaining("replayAfter must be positive");
    assertThatThrownBy(() -> new HintPolicy(s, Duration.ofMillis(999), s, 1))
        .hasMessageContaining("maxBackoff must be at least replayAfter");
    assertThatThrownBy(() -> new HintPolicy(s, s, Duration.ZERO, 1))
        .hasMessageContaining("window must be positive");
    assertThatThrownBy(() -> new HintPolicy(s, s, s, 1, 0))
        .hasMessageContaining("maxBytesPerReplica must be at least 1, got 0");
    assertThat(new HintPolicy(s, s, s, 1, 1).maxBytesPerReplica()).isEqualTo(1);
    assertThat(HintPolicy.defaults())
        .isEqualTo(
            new HintPolicy(
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofHours(3),
                100_000,
                64L << 20));
  }
}
