package dev.groundwork.idempotency.testkit;

import static org.quicktheories.QuickTheory.qt;

import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link IdempotencyStore} must have, checked through the store's SPI, through
 * the {@link Idempotency} executor on top of it, and by random sequences against a model of the
 * rules.
 *
 * <p>Extend this class in a test, return a new store from {@link #newStore(ManualClock)}, and run
 * it with JUnit 5; the model-based part is a JUnit test too, driven by QuickTheories. The store
 * must take its time from the given clock, so that the suite can move time by hand. Each test uses
 * its own key namespace, so one store may be shared by several tests. To run only a part, extend
 * {@link IdempotencyStoreSpiContract} or {@link IdempotencyExecutorContract} instead.
 */
public abstract class IdempotencyStoreContract extends IdempotencyExecutorContract {

  /** For subclasses, which supply the store. */
  protected IdempotencyStoreContract() {}

  // ---- the stateful model -------------------------------------------------------------------

  /**
   * Random sequences of up to 40 claims, take-overs, completes, releases, reads and clock moves by
   * three owners on two keys, each step checked against a simple model of the store's rules. 200
   * sequences; a failing one is cut down to a shortest failing sequence ({@link Sequences}) and the
   * message ends with the seed that reproduces the run ({@code -DQT_SEED=...}).
   */
  @Test
  void storeAgreesWithTheModel() {
    qt().withExamples(200)
        .withShrinkCycles(0) // Sequences removes steps instead, once
        .forAll(ModelStore.sequences(40))
        .checkAssert(ops -> Sequences.check(ops, this::runAgainstTheModel));
  }

  private void runAgainstTheModel(List<ModelStore.Op> ops) {
    ManualClock modelClock = new ManualClock();
    String ns = newNamespace();
    try (IdempotencyStore s = newStore(modelClock)) {
      ModelStore model = new ModelStore(s, modelClock, ns, LEASE, RETENTION);
      for (ModelStore.Op op : ops) {
        model.apply(op);
      }
    } catch (Exception e) {
      throw new AssertionError("the store failed to close", e);
    }
  }
}
