package dev.groundwork.consistency.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.consistency.Dot;
import dev.groundwork.consistency.HlcTimestamp;
import dev.groundwork.consistency.Siblings;
import dev.groundwork.consistency.VectorClock;
import dev.groundwork.consistency.Versioned;
import dev.groundwork.consistency.spi.Replica;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Replica} implementation runs: the sibling rule of dotted versions,
 * batches, tombstones, timestamps and awkward values. Extend it and return a fresh replica (or one
 * whose keys the test's random key names cannot collide with) from {@link #replica()}.
 */
public abstract class ReplicaContract {

  /** For subclasses. */
  protected ReplicaContract() {}

  /**
   * The replica under test.
   *
   * @return a replica of string keys and values
   */
  protected abstract Replica<String, String> replica();

  /**
   * Runs the replica's work until the stage is complete, for replicas on a simulated clock.
   *
   * @param stage a stage the replica returned
   * @param <T> the result type
   * @return the result
   */
  protected <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private final String key = "contract-" + UUID.randomUUID();

  private List<Versioned<String>> get() {
    return await(replica().get(key));
  }

  private void put(List<Versioned<String>> batch) {
    Void unused = await(replica().put(key, batch));
  }

  private static Versioned<String> v(String value, String node, long counter, VectorClock seen) {
    return Versioned.of(value, new Dot(node, counter), seen);
  }

  /** A key never written reads as no versions. */
  @Test
  public void anUnwrittenKeyHasNoVersions() {
    assertThat(get()).isEmpty();
  }

  /** Writes that did not see each other are siblings, even from one writer and one context. */
  @Test
  public void writesThatDidNotSeeEachOtherAreKeptSideBySide() {
    VectorClock none = VectorClock.empty();
    put(List.of(v("first", "w", 1, none)));
    put(List.of(v("second", "w", 2, none)));
    put(List.of(v("other", "x", 1, none)));

    assertThat(get())
        .extracting(Versioned::value)
        .containsExactlyInAnyOrder("first", "second", "other");
  }

  /** A write removes exactly the versions its context contains. */
  @Test
  public void aWriteSupersedesExactlyWhatItsContextSaw() {
    Versioned<String> first = v("first", "w", 1, VectorClock.empty());
    Versioned<String> second = v("second", "w", 2, VectorClock.empty());
    put(List.of(first, second));
    // Saw only the second write: an exact context with a dot beyond the counter.
    Versioned<String> next = v("next", "x", 1, second.history());
    put(List.of(next));

    assertThat(get()).containsExactlyInAnyOrder(first, next);
  }

  /** A superseded version or the same write again changes nothing. */
  @Test
  public void oldAndRepeatedVersionsChangeNothing() {
    Versioned<String> first = v("first", "w", 1, VectorClock.empty());
    Versioned<String> second = v("second", "w", 2, first.history());
    put(List.of(second));
    put(List.of(first)); // arrives late: second has seen it
    put(List.of(second)); // again

    assertThat(get()).containsExactly(second);
  }

  /** A batch is applied as one: its versions follow the same rule among themselves. */
  @Test
  public void aBatchIsAppliedByTheSameRule() {
    Versioned<String> a = v("a", "w", 1, VectorClock.empty());
    Versioned<String> b = v("b", "w", 2, a.history());
    Versioned<String> c = v("c", "y", 1, VectorClock.empty());
    put(List.of(a, b, c));

    assertThat(get()).containsExactlyInAnyOrder(b, c);
    Versioned<String> merged =
        Versioned.of("merged", new Dot("z", 1), Siblings.contextOf(List.of(b, c)));
    put(List.of(merged));
    assertThat(get()).containsExactly(merged);
  }

  /** Tombstones and timestamps survive the round trip. */
  @Test
  public void tombstonesAndTimestampsRoundTrip() {
    HlcTimestamp t = new HlcTimestamp(1_000, 2, "n1");
    Versioned<String> value = new Versioned<>("v", new Dot("n1", 1), VectorClock.empty(), t);
    put(List.of(value));
    assertThat(get()).containsExactly(value);

    Versioned<String> deletion = Versioned.tombstone(new Dot("n1", 2), value.history(), null);
    put(List.of(deletion));
    assertThat(get()).containsExactly(deletion);
    assertThat(get().get(0).isTombstone()).isTrue();
  }

  /** Contexts of many writers, with dots beyond their counters, survive the round trip. */
  @Test
  public void contextsRoundTripExactly() {
    VectorClock context =
        VectorClock.of(
            Map.of("a.k3j9", 4L, "b_2", 1L), Set.of(new Dot("a.k3j9", 9), new Dot("c-3", 2)));
    Versioned<String> version = v("v", "d", 7, context);
    put(List.of(version));

    assertThat(get()).containsExactly(version);
  }

  /** Values with any characters survive. */
  @Test
  public void valuesWithAnyCharactersSurvive() {
    String awkward = "line one\nline two, a:1 | +b:2 ünïcødé \t";
    put(List.of(v(awkward, "n1", 1, VectorClock.empty())));
    assertThat(get().get(0).value()).isEqualTo(awkward);
  }
}
