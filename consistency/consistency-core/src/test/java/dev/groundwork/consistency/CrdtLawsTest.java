package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every CRDT's merge is commutative, associative and idempotent, so replicas that exchange state in
 * any order, any number of times, agree; and a merge never loses an update either side had.
 */
class CrdtLawsTest {

  private static final List<String> NODES = List.of("a", "b", "c");

  @Provide
  Arbitrary<GCounter> gcounters() {
    return Combinators.combine(Arbitraries.of(NODES), Arbitraries.longs().between(0, 100))
        .as((n, v) -> new long[] {NODES.indexOf(n), v})
        .list()
        .ofMaxSize(8)
        .map(
            ops -> {
              GCounter c = GCounter.zero();
              for (long[] op : ops) {
                c = c.increment(NODES.get((int) op[0]), op[1]);
              }
              return c;
            });
  }

  @Provide
  Arbitrary<PNCounter> pncounters() {
    return Combinators.combine(Arbitraries.of(NODES), Arbitraries.longs().between(-100, 100))
        .as((n, v) -> new long[] {NODES.indexOf(n), v})
        .list()
        .ofMaxSize(8)
        .map(
            ops -> {
              PNCounter c = PNCounter.zero();
              for (long[] op : ops) {
                c = c.add(NODES.get((int) op[0]), op[1]);
              }
              return c;
            });
  }

  /** Sets built by adds and removes of a few elements on one node each. */
  @Provide
  Arbitrary<ORSet<String>> orsets() {
    return Combinators.combine(
            Arbitraries.of(NODES), Arbitraries.of("x", "y", "z"), Arbitraries.of(true, false))
        .as((n, e, add) -> new Object[] {n, e, add})
        .list()
        .ofMaxSize(8)
        .map(
            ops -> {
              ORSet<String> s = ORSet.empty();
              for (Object[] op : ops) {
                s =
                    (Boolean) op[2]
                        ? s.add((String) op[0], (String) op[1])
                        : s.remove((String) op[1]);
              }
              return s;
            });
  }

  @Property
  void gcounterMergeIsALattice(
      @ForAll("gcounters") GCounter a,
      @ForAll("gcounters") GCounter b,
      @ForAll("gcounters") GCounter c) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    assertThat(a.merge(a)).isEqualTo(a);
    assertThat(a.merge(b).value()).isGreaterThanOrEqualTo(Math.max(a.value(), b.value()));
  }

  @Property
  void pncounterMergeIsALattice(
      @ForAll("pncounters") PNCounter a,
      @ForAll("pncounters") PNCounter b,
      @ForAll("pncounters") PNCounter c) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    assertThat(a.merge(a)).isEqualTo(a);
  }

  @Property
  void orsetMergeIsALatticeAndKeepsEveryUnobservedAdd(
      @ForAll("orsets") ORSet<String> a,
      @ForAll("orsets") ORSet<String> b,
      @ForAll("orsets") ORSet<String> c) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    assertThat(a.merge(a)).isEqualTo(a);
    // A fresh add on one side survives the merge, whatever the other side removed.
    ORSet<String> added = a.add("d", "w");
    assertThat(added.merge(b.remove("w")).contains("w")).isTrue();
  }

  @Property
  void lwwRegisterKeepsTheLatestWhateverTheOrder(
      @ForAll("timestamps") HlcTimestamp t1, @ForAll("timestamps") HlcTimestamp t2) {
    // One timestamp is one write: equal timestamps carry the same value.
    LwwRegister<String> a = new LwwRegister<>("a", t1);
    LwwRegister<String> b = new LwwRegister<>(t1.equals(t2) ? "a" : "b", t2);
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
    assertThat(a.merge(b).timestamp()).isEqualTo(t1.compareTo(t2) >= 0 ? t1 : t2);
  }

  @org.junit.jupiter.api.Test
  void twoValuesUnderOneTimestampAreRefused() {
    HlcTimestamp t = new HlcTimestamp(1, 0, "a");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LwwRegister<>("x", t).merge(new LwwRegister<>("y", t)))
        .hasMessageContaining("share the timestamp");
  }

  @Provide
  Arbitrary<HlcTimestamp> timestamps() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 5),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(NODES))
        .as(HlcTimestamp::new);
  }
}
