package dev.groundwork.idempotency.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.spi.ClaimRequest;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the contract suites share: the store under test, made fresh for each test from {@link
 * #newStore(ManualClock)} on a manual clock, a key namespace per test, and helpers. Extend one of
 * the suites, not this class: {@link IdempotencyStoreSpiContract} (the SPI alone), {@link
 * IdempotencyExecutorContract} (the SPI, then the executor on top of it) or {@link
 * IdempotencyStoreContract} (all of that and the model-based sequences).
 */
public abstract class StoreContractSupport {

  /** The lease the suite uses. */
  protected static final Duration LEASE = Duration.ofSeconds(10);

  /** The retention the suite uses. */
  protected static final Duration RETENTION = Duration.ofMinutes(10);

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** A request's fingerprint. */
  protected static final Fingerprint FP_A = Fingerprint.ofUtf8("request A");

  /** Another request's fingerprint. */
  protected static final Fingerprint FP_B = Fingerprint.ofUtf8("request B");

  /** The clock of the current test's store. */
  protected final ManualClock clock = new ManualClock();

  private @Nullable IdempotencyStore store;

  /** The current test's key namespace: scoped keys are {@code namespace::name}. */
  protected String namespace = "unset";

  /** For subclasses, which supply the store. */
  protected StoreContractSupport() {}

  /**
   * Makes a store whose clock is {@code clock}. Called once per test and once per sequence of the
   * model-based test.
   *
   * @param clock the time the store must use for leases and expiry
   * @return a store, empty at least for the keys of the namespace the test will use
   */
  protected abstract IdempotencyStore newStore(ManualClock clock);

  /**
   * How many threads the race tests use. Default 16.
   *
   * @return at least 2
   */
  protected int raceThreads() {
    return 16;
  }

  @BeforeEach
  void openStore() {
    store = newStore(clock);
    namespace = newNamespace();
  }

  @AfterEach
  void closeStore() throws Exception {
    IdempotencyStore s = store;
    if (s != null) {
      s.close();
    }
  }

  /**
   * The current test's store.
   *
   * @return the store made for this test
   */
  protected final IdempotencyStore store() {
    IdempotencyStore s = store;
    if (s == null) {
      throw new IllegalStateException("the store is made before each test");
    }
    return s;
  }

  /**
   * Removes the expired records the store still holds, as its own cleanup would (a sweep, an
   * eviction, a server-side expiry). The default does nothing; a store that can drop expired
   * records on demand overrides it, so that the SPI contract's check that fences only grow ({@code
   * aFreshClaimsFenceIsAboveEveryEarlierFenceOfTheKeyEvenAfterCleanup}) covers its cleanup.
   */
  protected void removeExpiredRecords() {}

  /**
   * A key in this test's namespace.
   *
   * @param name a short name
   * @return a scoped key no other test uses
   */
  protected final String key(String name) {
    return namespace + "::" + name;
  }

  /**
   * A namespace no other test uses.
   *
   * @return a fresh namespace
   */
  protected static String newNamespace() {
    return "c"
        + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36)
        + "-"
        + NAMESPACES.incrementAndGet();
  }

  /**
   * A claim with the suite's lease and retention.
   *
   * @param key the scoped key
   * @param owner the owner token
   * @param fp the fingerprint
   * @return the request
   */
  protected final ClaimRequest request(String key, String owner, Fingerprint fp) {
    return new ClaimRequest(key, owner, fp, LEASE, RETENTION);
  }

  /**
   * An executor over the current store, in this test's namespace, with the suite's lease and
   * retention.
   *
   * @param codec the result codec
   * @param <T> the result type
   * @return a builder to finish
   */
  protected final <T> Idempotency.Builder<T> executor(ResultCodec<T> codec) {
    return Idempotency.builder(codec)
        .store(store())
        .namespace(namespace)
        .lease(LEASE)
        .retention(RETENTION);
  }

  /**
   * A string's UTF-8 bytes.
   *
   * @param s the string
   * @return its bytes
   */
  protected static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * Runs {@code task(i)} on {@code threads} threads released together.
   *
   * @param threads how many
   * @param task what each runs, given its number
   * @param <R> the result type
   * @return their results, in thread order
   * @throws Exception if a task failed or did not finish in time
   */
  protected static <R> List<R> race(int threads, Function<Integer, R> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<R>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.apply(n);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<R> results = new ArrayList<>();
      for (Future<R> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
