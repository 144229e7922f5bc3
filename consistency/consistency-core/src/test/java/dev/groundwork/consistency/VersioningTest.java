package dev.groundwork.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class VersioningTest {

  private static final VectorClock EMPTY = VectorClock.empty();

  @Test
  void causalOrderAndConcurrency() {
    VectorClock a1 = EMPTY.increment("a");
    VectorClock a2 = a1.increment("a");
    VectorClock b1 = a1.increment("b");

    assertThat(a1.compare(a2)).isEqualTo(Causality.BEFORE);
    assertThat(a2.compare(a1)).isEqualTo(Causality.AFTER);
    assertThat(a2.compare(b1)).isEqualTo(Causality.CONCURRENT);
    assertThat(a2.merge(b1).descendsFrom(a2)).isTrue();
    assertThat(a2.merge(b1).descendsFrom(b1)).isTrue();
    assertThat(VectorClock.of(Map.of("a", 2L, "z", 0L))).isEqualTo(a2);
    assertThatThrownBy(() -> EMPTY.increment(" ")).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> VectorClock.of(Map.of("a", -1L))).hasMessageContaining("at least 0");
  }

  /** Clocks over nodes a, b and c with counters 0 to 3 (0: the node is absent). */
  private static Gen<VectorClock> clocks() {
    Gen<Long> counter = longs().between(0, 3);
    return counter.zip(
        counter, counter, (a, b, c) -> VectorClock.of(Map.of("a", a, "b", b, "c", c)));
  }

  @Test
  void compareIsAntisymmetricAndMergeIsTheLeastUpperBound() {
    qt().withExamples(1000)
        .forAll(clocks(), clocks())
        .checkAssert(
            (x, y) -> {
              Causality xy = x.compare(y);
              Causality yx = y.compare(x);
              assertThat(yx)
                  .isEqualTo(
                      switch (xy) {
                        case BEFORE -> Causality.AFTER;
                        case AFTER -> Causality.BEFORE;
                        default -> xy;
                      });
              VectorClock m = x.merge(y);
              assertThat(m.descendsFrom(x)).isTrue();
              assertThat(m.descendsFrom(y)).isTrue();
              assertThat(m).isEqualTo(y.merge(x));
              assertThat(x.increment("a").compare(x)).isEqualTo(Causality.AFTER);
            });
  }

  @Test
  void hybridLogicalClocksOrderCausallyEvenWhenWallClocksDisagree() {
    AtomicLong aWall = new AtomicLong(1_000);
    AtomicLong bWall = new AtomicLong(900); // b's wall clock is 100 ms behind
    HybridLogicalClock a = new HybridLogicalClock("a", () -> Instant.ofEpochMilli(aWall.get()));
    HybridLogicalClock b = new HybridLogicalClock("b", () -> Instant.ofEpochMilli(bWall.get()));

    HlcTimestamp sent = a.now();
    HlcTimestamp received = b.update(sent); // b saw a's write...
    HlcTimestamp reply = b.now(); // ...so whatever b writes next is later, despite its wall clock

    assertThat(received).isGreaterThan(sent);
    assertThat(reply).isGreaterThan(received);
    assertThat(a.update(reply)).isGreaterThan(reply);
    assertThat(a.now().physicalMillis()).isEqualTo(1_000);
  }

  @Test
  void theClockNeverGoesBackwards() {
    AtomicLong wall = new AtomicLong(5_000);
    InstantSource source = () -> Instant.ofEpochMilli(wall.get());
    HybridLogicalClock clock = new HybridLogicalClock("n", source);
    HlcTimestamp first = clock.now();
    wall.set(4_000); // NTP steps the clock back
    assertThat(clock.now()).isGreaterThan(first);
  }

  @Test
  void resolversMergeSiblingsIntoAVersionThatSupersedesThem() {
    VectorClock base = EMPTY.increment("a");
    Versioned<Set<String>> left = Versioned.of(Set.of("milk"), new Dot("a", 2), base);
    Versioned<Set<String>> right = Versioned.of(Set.of("eggs"), new Dot("b", 1), base);

    Versioned<Set<String>> merged =
        Resolver.<Set<String>>merging(
                (x, y) -> {
                  java.util.Set<String> u = new java.util.HashSet<>(x);
                  u.addAll(y);
                  return Set.copyOf(u);
                })
            .resolve(List.of(left, right));

    assertThat(merged.value()).containsExactlyInAnyOrder("milk", "eggs");
    assertThat(merged.history().descendsFrom(left.history())).isTrue();
    assertThat(merged.history().descendsFrom(right.history())).isTrue();
    assertThat(Siblings.add(List.of(left, right), merged)).containsExactly(left, right);
    Versioned<Set<String>> written =
        Versioned.of(
            Set.of("milk", "eggs"), new Dot("c", 1), Siblings.contextOf(List.of(left, right)));
    assertThat(Siblings.add(List.of(left, right), written)).containsExactly(written);
  }

  @Test
  void lastWriteWinsNeedsTimestampsAndKeepsTheLatest() {
    HlcTimestamp early = new HlcTimestamp(10, 0, "a");
    HlcTimestamp late = new HlcTimestamp(10, 1, "b");
    Versioned<String> x = new Versioned<>("x", new Dot("a", 1), EMPTY, early);
    Versioned<String> y = new Versioned<>("y", new Dot("b", 1), EMPTY, late);

    assertThat(Resolver.<String>lastWriteWins().resolve(List.of(x, y)).value()).isEqualTo("y");
    assertThatThrownBy(
            () ->
                Resolver.<String>lastWriteWins()
                    .resolve(List.of(x, Versioned.of("z", new Dot("c", 1), EMPTY))))
        .hasMessageContaining("needs an HLC timestamp on every version");
    assertThatThrownBy(() -> Resolver.<String>lastWriteWins().resolve(List.of()))
        .hasMessageContaining("no sibling");
  }

  @Test
  void aTombstoneSiblingDoesNotResurrectNorEraseAConcurrentWrite() {
    Versioned<PNCounter> write = Versioned.of(PNCounter.zero().add("a", 3), new Dot("a", 1), EMPTY);
    Versioned<PNCounter> delete = Versioned.tombstone(new Dot("b", 1), EMPTY, null);

    Versioned<PNCounter> merged = Resolver.<PNCounter>crdt().resolve(List.of(write, delete));

    assertThat(merged.isTombstone()).isFalse();
    assertThat(merged.value()).isEqualTo(write.value());
    assertThat(Resolver.<PNCounter>crdt().resolve(List.of(delete)).isTombstone()).isTrue();
  }
}
