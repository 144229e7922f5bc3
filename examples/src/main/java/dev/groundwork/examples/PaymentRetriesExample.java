package dev.groundwork.examples;

import dev.groundwork.idempotency.FailurePolicy;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyException;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.StoredResponse;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A payment endpoint made safe against retries (Foundations §8): a charge runs at most once per
 * idempotency key, retries get the stored response, a reused key is refused, a declined card is
 * remembered, and a passing gateway failure can be retried.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java
 * -Dexec.mainClass=dev.groundwork.examples.PaymentRetriesExample}.
 */
public final class PaymentRetriesExample {

  /** What the run did, for the test that runs it. */
  public record Report(
      List<String> bankCharges, int fresh, int replayed, int inProgress, int refused) {}

  /** A charge request as the client sends it. */
  record Charge(String customer, long amountCents) {
    Fingerprint fingerprint() {
      return Fingerprint.builder()
          .add("method", "POST")
          .add("path", "/charges")
          .add("customer", customer)
          .add("amount", Long.toString(amountCents))
          .build();
    }
  }

  /** The card network: every call here is a real-world side effect. */
  static final class Bank {
    final List<String> charges = new ArrayList<>();
    int gatewayTimeoutsLeft = 1;

    synchronized String charge(Charge charge) {
      if (charge.customer().equals("mallory")) {
        throw new CardDeclinedException("card declined for " + charge.customer());
      }
      if (charge.customer().equals("carol") && gatewayTimeoutsLeft-- > 0) {
        throw new IllegalStateException("gateway timed out before charging");
      }
      String id = "ch_" + (charges.size() + 1);
      charges.add(id + " " + charge.customer() + " " + charge.amountCents());
      return id;
    }
  }

  /** A final refusal from the bank: remembered, never retried against the bank. */
  static final class CardDeclinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CardDeclinedException(String message) {
      super(message);
    }
  }

  private final Bank bank = new Bank();
  private final Idempotency<StoredResponse> payments;
  private final PrintStream out;
  private int fresh;
  private int replayed;
  private int inProgress;
  private int refused;

  PaymentRetriesExample(IdempotencyStore store, String namespace, PrintStream out) {
    this.out = out;
    this.payments =
        Idempotency.builder(ResultCodec.storedResponse())
            .store(store)
            .namespace(namespace)
            .failurePolicy(
                FailurePolicy.storeWhen(
                    e -> e instanceof CardDeclinedException,
                    e -> StoredResponse.ofText(402, "{\"error\":\"" + e.getMessage() + "\"}")))
            .build();
  }

  /**
   * Runs the example on the in-memory store.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while the concurrent retries run
   */
  public static void main(String[] args) throws InterruptedException {
    run(InMemoryIdempotencyStore.builder().build(), System.out);
  }

  /**
   * Runs the scenario on a store and prints an account of it.
   *
   * @param store where idempotency records live
   * @param out where the account goes
   * @return what happened
   * @throws InterruptedException if interrupted while the concurrent retries run
   */
  public static Report run(IdempotencyStore store, PrintStream out) throws InterruptedException {
    return run(store, "payments", out);
  }

  /**
   * Runs the scenario under a namespace of its own, so that a shared store (Redis, PostgreSQL)
   * holding an earlier run's keys does not replay them.
   *
   * @param store where idempotency records live
   * @param namespace the key namespace
   * @param out where the account goes
   * @return what happened
   * @throws InterruptedException if interrupted while the concurrent retries run
   */
  public static Report run(IdempotencyStore store, String namespace, PrintStream out)
      throws InterruptedException {
    return new PaymentRetriesExample(store, namespace, out).scenario();
  }

  private Report scenario() throws InterruptedException {
    out.println("== Idempotent payments (Foundations §8) ==");

    out.println("1. alice pays 42.00 with key order-1001; the response is lost, so her client");
    out.println("   and two impatient browser tabs retry while the charge is still running:");
    concurrentRetries("order-1001", new Charge("alice", 4200));

    out.println("2. a buggy client reuses order-1001 for a different amount:");
    post("order-1001", new Charge("alice", 9900));

    out.println("3. mallory's card is declined; the decline is stored, so the retry does not");
    out.println("   ask the bank again:");
    post("order-1002", new Charge("mallory", 1500));
    post("order-1002", new Charge("mallory", 1500));

    out.println("4. carol's charge hits a gateway timeout before any money moves; the key is");
    out.println("   released, so her retry runs again and succeeds:");
    post("order-1003", new Charge("carol", 700));
    post("order-1003", new Charge("carol", 700));

    out.println("5. a request without a usable key is refused before anything runs:");
    post(" ", new Charge("dave", 100));

    out.println("The bank saw " + bank.charges.size() + " charges: " + bank.charges);
    return new Report(List.copyOf(bank.charges), fresh, replayed, inProgress, refused);
  }

  private void concurrentRetries(String key, Charge charge) throws InterruptedException {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch retriesDone = new CountDownLatch(2);
    ExecutorService clients = Executors.newFixedThreadPool(3);
    try {
      // The first request holds the key until both retries have been answered.
      CompletableFuture<StoredResponse> first =
          CompletableFuture.supplyAsync(
              () ->
                  respond(
                      key,
                      charge,
                      () -> {
                        firstStarted.countDown();
                        awaitQuietly(retriesDone);
                        return bank.charge(charge);
                      }),
              clients);
      awaitQuietly(firstStarted);
      for (int i = 0; i < 2; i++) {
        clients.execute(
            () -> {
              print("   retry       ", respond(key, charge, () -> bank.charge(charge)));
              retriesDone.countDown();
            });
      }
      print("   first try   ", first.join());
      print("   late retry  ", respond(key, charge, () -> bank.charge(charge)));
    } finally {
      clients.shutdown();
      if (!clients.awaitTermination(10, TimeUnit.SECONDS)) {
        clients.shutdownNow();
      }
    }
  }

  private void post(String key, Charge charge) {
    print("   ", respond(key, charge, () -> bank.charge(charge)));
  }

  /** The endpoint: maps every idempotency outcome to its HTTP answer. */
  private StoredResponse respond(
      String key, Charge charge, java.util.function.Supplier<String> bankCall) {
    try {
      IdempotentResult<StoredResponse> result =
          payments.execute(
              key,
              charge.fingerprint(),
              () -> StoredResponse.ofText(201, "{\"charge\":\"" + bankCall.get() + "\"}"));
      synchronized (this) {
        if (result.replayed()) {
          replayed++;
        } else {
          fresh++;
        }
      }
      return result.replayed()
          ? withHeader(result.value(), "Idempotent-Replayed", "true")
          : result.value();
    } catch (IdempotencyInProgressException e) {
      synchronized (this) {
        inProgress++;
      }
      return new StoredResponse(
          e.httpStatus(),
          Map.of("Retry-After", List.of(Long.toString(e.retryAfterSeconds()))),
          "{\"error\":\"in progress\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IdempotencyException e) {
      synchronized (this) {
        refused++;
      }
      return StoredResponse.ofText(e.httpStatus(), "{\"error\":\"" + e.getMessage() + "\"}");
    } catch (IllegalStateException e) {
      return StoredResponse.ofText(503, "{\"error\":\"" + e.getMessage() + "\"}");
    }
  }

  private static StoredResponse withHeader(StoredResponse response, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
    headers.put(name, List.of(value));
    return new StoredResponse(response.status(), headers, response.body());
  }

  private synchronized void print(String prefix, StoredResponse response) {
    out.println(prefix + response.status() + " " + response.headers() + " " + response.bodyText());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the retries never came");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
