package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class SequencesTest {

  /** Fails when 3 comes before 7, as a stateful bug needs two steps in order. */
  private static void threeThenSeven(List<Integer> steps) {
    int three = steps.indexOf(3);
    if (three >= 0 && steps.subList(three, steps.size()).contains(7)) {
      throw new AssertionError("7 after 3");
    }
  }

  @Test
  void aPassingSequenceRunsOnceAndPasses() {
    List<List<Integer>> runs = new ArrayList<>();
    Sequences.check(List.of(1, 2, 7, 3), runs::add);
    assertThat(runs).containsExactly(List.of(1, 2, 7, 3));
  }

  @Test
  void aFailingSequenceIsCutToTheStepsThatMatter() {
    List<Integer> steps = List.of(9, 3, 1, 1, 5, 3, 8, 2, 7, 4, 7, 6);

    assertThat(Sequences.minimise(steps, SequencesTest::threeThenSeven)).containsExactly(3, 7);
    assertThatThrownBy(() -> Sequences.check(steps, SequencesTest::threeThenSeven))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("a sequence of 12 steps failed")
        .hasMessageContaining("(2 steps, any one step fewer passes):\n  1. 3\n  2. 7\n")
        .hasMessageEndingWith("it fails with: java.lang.AssertionError: 7 after 3")
        .cause()
        .hasMessage("7 after 3");
  }

  @Test
  void aSingleFailingStepIsKeptAlone() {
    Consumer<List<Integer>> noFives =
        s -> {
          if (s.contains(5)) {
            throw new IllegalStateException("five");
          }
        };
    assertThat(Sequences.minimise(List.of(1, 5, 2, 5), noFives)).containsExactly(5);
  }

  @Test
  void anAbortedRunIsNotAFailure() {
    assertThatThrownBy(
            () ->
                Sequences.check(
                    List.of(1),
                    s -> {
                      throw new TestAbortedException("no server");
                    }))
        .isInstanceOf(TestAbortedException.class);
  }
}
