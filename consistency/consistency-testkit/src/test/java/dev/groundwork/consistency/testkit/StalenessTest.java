package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.consistency.testkit.Operation.Kind;
import dev.groundwork.consistency.testkit.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class StalenessTest {

  @Test
  void countsReadsThatMissedTheLatestAcknowledgedWrite() {
    List<Operation> h =
        List.of(
            new Operation(1, "a", "k", Kind.WRITE, "v1", 0, 10, Outcome.OK),
            new Operation(2, "a", "k", Kind.WRITE, "v2", 20, 30, Outcome.OK),
            new Operation(3, "b", "k", Kind.READ, "v1", 35, 36, Outcome.OK), // stale by 5
            new Operation(4, "b", "k", Kind.READ, "v2", 40, 41, Outcome.OK), // fresh
            new Operation(5, "c", "k", Kind.READ, "v1", 50, 51, Outcome.OK), // stale by 20
            new Operation(
                6, "c", "k", Kind.READ, "v1", 5, 6, Outcome.OK)); // before any ack: not counted

    Staleness s = Staleness.of(h);

    assertThat(s.reads()).isEqualTo(3);
    assertThat(s.staleReads()).isEqualTo(2);
    assertThat(s.staleFraction()).isEqualTo(2.0 / 3);
    assertThat(s.maxLag()).isEqualTo(20);
    assertThat(s.meanLag()).isEqualTo(12.5);
  }

  @Test
  void aValueOfAConcurrentWriteIsFresh() {
    List<Operation> h =
        List.of(
            new Operation(1, "a", "k", Kind.WRITE, "v1", 0, 10, Outcome.OK),
            new Operation(2, "b", "k", Kind.WRITE, "v2", 5, 30, Outcome.OK),
            new Operation(3, "c", "k", Kind.READ, "v2", 12, 13, Outcome.OK));

    assertThat(Staleness.of(h).staleReads()).isZero();
  }
}
