package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Every CRDT's merge is commutative, associative and idempotent, so replicas that exchange state in
 * any order, any number of times, agree; and a merge never loses an update either side had. Each
 * law is checked on 1,000 random triples built from up to 8 operations each.
 */
class CrdtLawsTest {

  private static final List<String> NODES = List.of("a", "b", "c");
  private static final int TRIES = 1000;

  /** One update of a counter: which node, by how much. */
  record Update(String node, long amount) {}

  /** One operation on a set: which node, which element, add or remove. */
  record SetOp(String node, String element, boolean add) {}

  private static Gen<GCounter> gcounters() {
    return lists()
        .of(node().zip(longs().between(0, 100), Update::new))
        .ofSizeBetween(0, 8)
        .map(
            ops -> {
              GCounter c = GCounter.zero();
              for (Update op : ops) {
                c = c.increment(op.node(), op.amount());
              }
              return c;
            });
  }

  private static Gen<PNCounter> pncounters() {
    return lists()
        .of(node().zip(longs().between(-100, 100), Update::new))
        .ofSizeBetween(0, 8)
        .map(
            ops -> {
              PNCounter c = PNCounter.zero();
              for (Update op : ops) {
                c = c.add(op.node(), op.amount());
              }
              return c;
            });
  }

  /** Sets built by adds and removes of a few elements on one node each. */
  private static Gen<ORSet<String>> orsets() {
    return lists()
        .of(node().zip(arbitrary().pick("x", "y", "z"), booleans().all(), SetOp::new))
        .ofSizeBetween(0, 8)
        .map(
            ops -> {
              ORSet<String> s = ORSet.empty();
              for (SetOp op : ops) {
                s = op.add() ? s.add(op.node(), op.element()) : s.remove(op.element());
              }
              return s;
            });
  }

  @Test
  void gcounterMergeIsALattice() {
    qt().withExamples(TRIES)
        .forAll(gcounters(), gcounters(), gcounters())
        .checkAssert(
            (a, b, c) -> {
              assertThat(a.merge(b)).isEqualTo(b.merge(a));
              assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
              assertThat(a.merge(a)).isEqualTo(a);
              assertThat(a.merge(b).value()).isGreaterThanOrEqualTo(Math.max(a.value(), b.value()));
            });
  }

  @Test
  void pncounterMergeIsALattice() {
    qt().withExamples(TRIES)
        .forAll(pncounters(), pncounters(), pncounters())
        .checkAssert(
            (a, b, c) -> {
              assertThat(a.merge(b)).isEqualTo(b.merge(a));
              assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
              assertThat(a.merge(a)).isEqualTo(a);
            });
  }

  @Test
  void orsetMergeIsALatticeAndKeepsEveryUnobservedAdd() {
    qt().withExamples(TRIES)
        .forAll(orsets(), orsets(), orsets())
        .checkAssert(
            (a, b, c) -> {
              assertThat(a.merge(b)).isEqualTo(b.merge(a));
              assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
              assertThat(a.merge(a)).isEqualTo(a);
              // A fresh add on one side survives the merge, whatever the other side removed.
              ORSet<String> added = a.add("d", "w");
              assertThat(added.merge(b.remove("w")).contains("w")).isTrue();
            });
  }

  @Test
  void lwwRegisterKeepsTheLatestWhateverTheOrder() {
    qt().withExamples(TRIES)
        .forAll(timestamps(), timestamps())
        .checkAssert(
            (t1, t2) -> {
              // One timestamp is one write: equal timestamps carry the same value.
              LwwRegister<String> a = new LwwRegister<>("a", t1);
              LwwRegister<String> b = new LwwRegister<>(t1.equals(t2) ? "a" : "b", t2);
              assertThat(a.merge(b)).isEqualTo(b.merge(a));
              assertThat(a.merge(b).timestamp()).isEqualTo(t1.compareTo(t2) >= 0 ? t1 : t2);
            });
  }

  @Test
  void twoValuesUnderOneTimestampAreRefused() {
    HlcTimestamp t = new HlcTimestamp(1, 0, "a");
    assertThatThrownBy(() -> new LwwRegister<>("x", t).merge(new LwwRegister<>("y", t)))
        .hasMessageContaining("share the timestamp");
  }

  private static Gen<HlcTimestamp> timestamps() {
    return longs().between(0, 5).zip(integers().between(0, 3), node(), HlcTimestamp::new);
  }

  private static Gen<String> node() {
    return arbitrary().pick(NODES);
  }
}
