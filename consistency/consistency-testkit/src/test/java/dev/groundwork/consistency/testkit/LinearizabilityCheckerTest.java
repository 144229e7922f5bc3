package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.groundwork.consistency.testkit.Operation.Kind;
import dev.groundwork.consistency.testkit.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Histories whose verdict is known by hand, then random histories against a serial model. */
class LinearizabilityCheckerTest {

  private long ids;

  private Operation write(String p, Object v, long from, long to) {
    return new Operation(++ids, p, "k", Kind.WRITE, v, from, to, Outcome.OK);
  }

  private Operation read(String p, @Nullable Object v, long from, long to) {
    return new Operation(++ids, p, "k", Kind.READ, v, from, to, Outcome.OK);
  }

  @Test
  void aSequentialHistoryIsLinearizable() {
    assertThat(
            LinearizabilityChecker.check(
                    List.of(
                        write("a", 1, 0, 1),
                        read("b", 1, 2, 3),
                        write("a", 2, 4, 5),
                        read("b", 2, 6, 7)))
                .linearizable())
        .isTrue();
  }

  @Test
  void aReadOfAnOverwrittenValueAfterTheOverwriteCompletedIsNot() {
    List<Operation> h =
        List.of(write("a", 1, 0, 1), write("a", 2, 2, 3), read("b", 1, 4, 5), read("c", 2, 6, 7));

    LinearizabilityChecker.Result r = LinearizabilityChecker.check(h);

    assertThat(r.linearizable()).isFalse();
    assertThat(r.failingKey()).isEqualTo("k");
    // The minimal counterexample: the write read from, the overwrite, and the stale read.
    assertThat(r.counterexample()).extracting(Operation::value).containsExactlyInAnyOrder(1, 2, 1);
    assertThat(r.toString()).contains("not linearizable");
  }

  @Test
  void concurrentOperationsMayBeOrderedEitherWay() {
    // The read overlaps the write: it may see the old or the new value.
    assertThat(
            LinearizabilityChecker.check(
                    List.of(write("a", 1, 0, 1), write("a", 2, 2, 10), read("b", 1, 3, 4)))
                .linearizable())
        .isTrue();
    assertThat(
            LinearizabilityChecker.check(
                    List.of(write("a", 1, 0, 1), write("a", 2, 2, 10), read("b", 2, 3, 4)))
                .linearizable())
        .isTrue();
    // But once one reader saw the new value, a later reader cannot see the old one.
    assertThat(
            LinearizabilityChecker.check(
                    List.of(
                        write("a", 1, 0, 1),
                        write("a", 2, 2, 10),
                        read("b", 2, 3, 4),
                        read("c", 1, 5, 6)))
                .linearizable())
        .isFalse();
  }

  @Test
  void anIndeterminateWriteMayTakeEffectLateOrNever() {
    Operation maybe =
        new Operation(++ids, "a", "k", Kind.WRITE, 2, 2, Long.MAX_VALUE, Outcome.INFO);
    // never took effect
    assertThat(
            LinearizabilityChecker.check(List.of(write("a", 1, 0, 1), maybe, read("b", 1, 20, 21)))
                .linearizable())
        .isTrue();
    // took effect long after its client gave up
    assertThat(
            LinearizabilityChecker.check(
                    List.of(write("a", 1, 0, 1), maybe, read("b", 1, 20, 21), read("b", 2, 30, 31)))
                .linearizable())
        .isTrue();
    // but not before a read that already saw it was gone... flip-flopping is not allowed
    assertThat(
            LinearizabilityChecker.check(
                    List.of(write("a", 1, 0, 1), maybe, read("b", 2, 20, 21), read("b", 1, 30, 31)))
                .linearizable())
        .isFalse();
  }

  /**
   * Many indeterminate writes, all concurrent with everything after them: left open, the search
   * explored millions of subsets and ran out of memory (a CI run of the several-writers property);
   * settled first, the verdict comes at once and is still exact.
   */
  @Test
  void manyIndeterminateWritesAreSettledBeforeTheSearch() {
    List<Operation> ops = new ArrayList<>();
    ops.add(write("w", "first", 0, 1));
    for (int i = 0; i < 60; i++) {
      ops.add(new Operation(++ids, "w" + i, "k", Kind.WRITE, "lost" + i, 2 + i, 0, Outcome.INFO));
      ops.add(read("r" + i, "first", 100 + 2 * i, 101 + 2 * i));
    }
    ops.add(new Operation(++ids, "x", "k", Kind.WRITE, "seen", 300, 0, Outcome.INFO));
    ops.add(read("r", "seen", 310, 311));

    assertThat(LinearizabilityChecker.check(ops).linearizable()).isTrue();

    // Once "seen" was read it had taken effect: a later read of "first" is stale.
    ops.add(read("r", "first", 320, 321));
    LinearizabilityChecker.Result stale = LinearizabilityChecker.check(ops);
    assertThat(stale.linearizable()).isFalse();
    assertThat(stale.counterexample())
        .extracting(Operation::value)
        .containsExactlyInAnyOrder("first", "seen", "seen", "first");
  }

  /** A read of a value whose write was invoked only after the read completed is impossible. */
  @Test
  void aReadCannotSeeAnIndeterminateWriteFromItsFuture() {
    Operation later = new Operation(++ids, "a", "k", Kind.WRITE, 2, 10, 0, Outcome.INFO);

    assertThat(LinearizabilityChecker.check(List.of(read("b", 2, 0, 5), later)).linearizable())
        .isFalse();
  }

  /**
   * Settling indeterminate writes never changes a verdict: on random small histories with
   * indeterminate writes and stale or fresh reads, the search on the settled history agrees with
   * the search that leaves every indeterminate write open.
   */
  @Test
  void settlingIndeterminateWritesKeepsTheVerdict() {
    qt().withExamples(500)
        .forAll(integers().between(1, 9), longs().all())
        .checkAssert(
            (count, seed) -> {
              List<Operation> ops = randomHistoryWithIndeterminateWrites(count, new Random(seed));

              assertThat(LinearizabilityChecker.linearizable(ops))
                  .as(ops.toString())
                  .isEqualTo(LinearizabilityChecker.search(ops));
            });
  }

  /**
   * Writes of distinct values, some indeterminate, and reads of any written value (or none) at
   * random intervals: about half of these histories are linearizable.
   */
  private static List<Operation> randomHistoryWithIndeterminateWrites(int count, Random random) {
    List<Operation> ops = new ArrayList<>();
    int writes = 0;
    for (int i = 0; i < count; i++) {
      long from = random.nextInt(40);
      long to = from + 1 + random.nextInt(15);
      if (random.nextBoolean() || writes == 0) {
        writes++;
        Outcome outcome = random.nextBoolean() ? Outcome.INFO : Outcome.OK;
        ops.add(new Operation(i, "p" + i, "k", Kind.WRITE, "v" + writes, from, to, outcome));
      } else {
        int which = random.nextInt(writes + 1);
        @Nullable Object value = which == 0 ? null : "v" + which;
        ops.add(new Operation(i, "p" + i, "k", Kind.READ, value, from, to, Outcome.OK));
      }
    }
    return ops;
  }

  @Test
  void failedOperationsAndUnwrittenReadsAreJudgedCorrectly() {
    Operation failed = new Operation(++ids, "a", "k", Kind.WRITE, 9, 2, 3, Outcome.FAIL);
    assertThat(LinearizabilityChecker.check(List.of(failed, read("b", null, 4, 5))).linearizable())
        .isTrue();
    assertThat(LinearizabilityChecker.check(List.of(failed, read("b", 9, 4, 5))).linearizable())
        .isFalse();
  }

  @Test
  void keysAreCheckedIndependently() {
    Operation other = new Operation(++ids, "a", "other", Kind.READ, 5, 0, 1, Outcome.OK);
    LinearizabilityChecker.Result r =
        LinearizabilityChecker.check(List.of(write("a", 1, 0, 1), other));

    assertThat(r.linearizable()).isFalse();
    assertThat(r.failingKey()).isEqualTo("other");
    assertThat(r.keysChecked()).isEqualTo(2);
  }

  /**
   * A history made by a truly atomic register (operations applied at a random instant inside their
   * interval) is always linearizable, however the intervals overlap.
   */
  @Test
  void historiesOfAnAtomicRegisterAreAlwaysLinearizable() {
    qt().withExamples(200)
        .forAll(integers().between(2, 12), longs().all())
        .checkAssert(
            (count, seed) -> {
              List<Operation> ops = atomicHistory(count, new Random(seed), 0);

              assertThat(LinearizabilityChecker.check(ops).linearizable())
                  .as(ops.toString())
                  .isTrue();
            });
  }

  /**
   * A stale read (of a value overwritten by a write that completed before the read began) makes any
   * history not linearizable, whatever else happens around it.
   */
  @Test
  void aStaleReadIsAlwaysCaught() {
    qt().withExamples(200)
        .forAll(integers().between(0, 10), longs().all())
        .checkAssert(
            (count, seed) -> {
              List<Operation> ops = new ArrayList<>(atomicHistory(count, new Random(seed), 1000));
              ops.add(new Operation(-1, "w", "k", Kind.WRITE, "old", 0, 1, Outcome.OK));
              ops.add(new Operation(-2, "w", "k", Kind.WRITE, "new", 2, 3, Outcome.OK));
              ops.add(new Operation(-3, "r", "k", Kind.READ, "old", 4, 5, Outcome.OK));

              LinearizabilityChecker.Result result = LinearizabilityChecker.check(ops);

              assertThat(result.linearizable()).isFalse();
              assertThat(result.counterexample())
                  .extracting(Operation::id)
                  .containsExactlyInAnyOrder(-1L, -2L, -3L);
            });
  }

  /** Operations applied to a real register at a random instant inside their random intervals. */
  private static List<Operation> atomicHistory(int count, Random random, long offset) {
    List<long[]> intervals = new ArrayList<>(); // {from, to, applyAt}
    for (int i = 0; i < count; i++) {
      long from = offset + random.nextInt(100);
      long to = from + 1 + random.nextInt(20);
      long at = from + random.nextInt((int) (to - from));
      intervals.add(new long[] {from, to, at});
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(intervals.get(a)[2], intervals.get(b)[2]));
    @Nullable Object register = offset == 0 ? null : "new";
    @Nullable Object[] results = new Object[count];
    boolean[] isWrite = new boolean[count];
    for (int i : order) {
      isWrite[i] = random.nextBoolean();
      if (isWrite[i]) {
        register = "v" + i;
      } else {
        results[i] = register;
      }
    }
    List<Operation> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long[] t = intervals.get(i);
      ops.add(
          isWrite[i]
              ? new Operation(i, "p" + i, "k", Kind.WRITE, "v" + i, t[0], t[1], Outcome.OK)
              : new Operation(i, "p" + i, "k", Kind.READ, results[i], t[0], t[1], Outcome.OK));
    }
    return ops;
  }
}
