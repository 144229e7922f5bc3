package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dotted version vectors: exact contexts, and the one rule siblings are merged by. */
class DottedVersionsTest {

  private static final VectorClock EMPTY = VectorClock.empty();

  @Test
  void aContextHoldsDotsSeenOutOfOrderExactly() {
    VectorClock seen = EMPTY.with(new Dot("c", 6));

    assertThat(seen.contains(new Dot("c", 6))).isTrue();
    assertThat(seen.contains(new Dot("c", 5))).isFalse(); // never claims an unseen write
    assertThat(seen.counter("c")).isZero();
    assertThat(seen.dots()).containsExactly(new Dot("c", 6));
    assertThat(seen.toString()).isEqualTo("{}+[c:6]");

    VectorClock folded = seen.with(new Dot("c", 1)).with(new Dot("c", 3)).with(new Dot("c", 2));
    assertThat(folded.counter("c")).isEqualTo(3);
    assertThat(folded.dots()).containsExactly(new Dot("c", 6));
    assertThat(folded.with(new Dot("c", 5)).with(new Dot("c", 4)))
        .isEqualTo(VectorClock.of(Map.of("c", 6L)));
    assertThat(folded.with(new Dot("c", 2))).isSameAs(folded);
    assertThat(seen.filled()).isEqualTo(VectorClock.of(Map.of("c", 6L)));
    assertThat(EMPTY.filled()).isSameAs(EMPTY);
    assertThat(VectorClock.of(Map.of("c", 2L), List.of(new Dot("c", 2))))
        .isEqualTo(VectorClock.of(Map.of("c", 2L)));
    assertThat(new HybridLogicalClock("me", () -> java.time.Instant.EPOCH).node()).isEqualTo("me");
    assertThat(VectorClock.of(Map.of("c", 2L), List.of(new Dot("c", 1), new Dot("c", 4))))
        .isEqualTo(VectorClock.of(Map.of("c", 2L)).with(new Dot("c", 4)));
  }

  @Test
  void comparisonIsSetInclusionOfTheWritesSeen() {
    VectorClock five = VectorClock.of(Map.of("c", 5L));
    VectorClock onlySix = EMPTY.with(new Dot("c", 6));
    VectorClock six = five.with(new Dot("c", 6));

    assertThat(onlySix.compare(five)).isEqualTo(Causality.CONCURRENT);
    assertThat(five.compare(six)).isEqualTo(Causality.BEFORE);
    assertThat(six.compare(onlySix)).isEqualTo(Causality.AFTER);
    assertThat(six.compare(VectorClock.of(Map.of("c", 6L)))).isEqualTo(Causality.EQUAL);
    assertThat(onlySix.descendsFrom(VectorClock.of(Map.of("c", 6L)))).isFalse();
    assertThat(
            EMPTY
                .with(new Dot("c", 2))
                .with(new Dot("c", 3))
                .merge(VectorClock.of(Map.of("c", 1L)))
                .descendsFrom(VectorClock.of(Map.of("c", 3L))))
        .isTrue();
    assertThat(EMPTY.with(new Dot("c", 9)).descendsFrom(VectorClock.of(Map.of("c", 1L)))).isFalse();
  }

  /** Contexts as sets of dots: compare and merge agree with set inclusion and union. */
  @Test
  void contextsBehaveAsTheSetsOfDotsTheyHold() {
    qt().withExamples(500)
        .forAll(
            lists().of(integers().between(1, 6)).ofSizeBetween(0, 6),
            lists().of(integers().between(1, 6)).ofSizeBetween(0, 6))
        .checkAssert(
            (xs, ys) -> {
              VectorClock x = EMPTY;
              Set<Integer> xset = new HashSet<>(xs);
              for (int c : xs) {
                x = x.with(new Dot("n", c));
              }
              VectorClock y = EMPTY;
              Set<Integer> yset = new HashSet<>(ys);
              for (int c : ys) {
                y = y.with(new Dot("n", c));
              }
              boolean xInY = yset.containsAll(xset);
              boolean yInX = xset.containsAll(yset);
              assertThat(x.compare(y))
                  .isEqualTo(
                      xInY && yInX
                          ? Causality.EQUAL
                          : xInY
                              ? Causality.BEFORE
                              : yInX ? Causality.AFTER : Causality.CONCURRENT);
              Set<Integer> union = new HashSet<>(xset);
              union.addAll(yset);
              VectorClock merged = x.merge(y);
              for (int c = 1; c <= 7; c++) {
                assertThat(merged.contains(new Dot("n", c))).isEqualTo(union.contains(c));
              }
            });
  }

  @Test
  void twoWritesFromOneContextAreSiblingsAndAWriteSupersedesOnlyWhatItsContextSaw() {
    VectorClock read = VectorClock.of(Map.of("a", 1L));
    Versioned<String> first = Versioned.of("x", new Dot("c", 1), read);
    Versioned<String> second = Versioned.of("y", new Dot("c", 2), read);
    Versioned<String> blind = Versioned.of("z", new Dot("d", 1), EMPTY);

    List<Versioned<String>> stored = Siblings.addAll(List.of(), List.of(first, second, blind));
    assertThat(stored).containsExactly(first, second, blind);
    assertThat(Siblings.add(stored, first)).isSameAs(stored); // the same write again

    Versioned<String> afterSecond = Versioned.of("y2", new Dot("c", 3), second.history());
    assertThat(Siblings.add(stored, afterSecond)).containsExactly(first, blind, afterSecond);
    assertThat(Siblings.add(List.of(afterSecond), second)).containsExactly(afterSecond);
    assertThat(Siblings.contextOf(List.of(first, second)))
        .isEqualTo(VectorClock.of(Map.of("a", 1L, "c", 2L)));
    assertThatThrownBy(() -> Versioned.of("bad", new Dot("a", 1), read))
        .isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("must not contain its own dot a:1");
    assertThatThrownBy(() -> new Dot(" ", 1)).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> new Dot("a", 0)).hasMessageContaining("at least 1, got 0 for 'a'");
  }

  /** Regression: two adds by one node from one state shared a tag, so a remove took both. */
  @Test
  void removingOneElementNeverRemovesAnotherAddedFromTheSameState() {
    ORSet<String> base = ORSet.<String>empty().add("n", "w");
    ORSet<String> withX = base.add("n", "x");
    ORSet<String> withY = base.add("n", "y");
    ORSet<String> both = withX.merge(withY);

    assertThat(both.remove("x").elements()).containsExactlyInAnyOrder("w", "y");
    // An add of the same element by the same node from the same state, concurrent with a remove
    // that saw only the other one, survives it (add wins).
    ORSet<String> again = base.add("n", "x");
    assertThat(withX.remove("x").merge(again).contains("x")).isTrue();
  }
}
