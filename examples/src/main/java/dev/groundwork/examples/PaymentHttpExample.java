package dev.groundwork.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.groundwork.idempotency.Fingerprint;
import dev.groundwork.idempotency.Idempotency;
import dev.groundwork.idempotency.IdempotencyException;
import dev.groundwork.idempotency.IdempotencyInProgressException;
import dev.groundwork.idempotency.IdempotentResult;
import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import dev.groundwork.idempotency.ResultCodec;
import dev.groundwork.idempotency.StoredResponse;
import dev.groundwork.idempotency.json.InvalidJsonException;
import dev.groundwork.idempotency.json.JsonFingerprint;
import dev.groundwork.idempotency.spi.IdempotencyStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A payment API on the JDK's built-in HTTP server that honours the {@code Idempotency-Key} header
 * (Foundations §8), as Stripe's does: a missing key is 400, a request still running is 409 with
 * {@code Retry-After}, a key reused with another body is 422, and a retry gets the stored response
 * marked {@code Idempotent-Replayed: true}.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package exec:java -DskipTests
 * -Dexec.mainClass=dev.groundwork.examples.PaymentHttpExample}, then for example {@code curl -i -X
 * POST -H 'Idempotency-Key: k1' -d '{"amount":4200}' localhost:8080/payments} twice.
 */
public final class PaymentHttpExample implements AutoCloseable {

  private static final JsonFingerprint BODY =
      JsonFingerprint.builder().ignore("/client_sent_at").build();

  /** The card network: each call moves money. */
  @FunctionalInterface
  public interface Bank {
    /**
     * Charges a request body.
     *
     * @param body the request body
     * @return the charge id
     * @throws InterruptedException if interrupted while charging
     */
    String charge(byte[] body) throws InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final Idempotency<StoredResponse> payments;
  private final Bank bank;

  /**
   * Starts the API on a loopback port.
   *
   * @param port the port, 0 for any free one
   * @param store where idempotency records live
   * @param bank the card network
   * @throws IOException if the port cannot be bound
   */
  public PaymentHttpExample(int port, IdempotencyStore store, Bank bank) throws IOException {
    this.bank = bank;
    this.payments =
        Idempotency.builder(ResultCodec.storedResponse())
            .store(store)
            .namespace("http-payments")
            .build();
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    this.threads = Executors.newFixedThreadPool(8);
    server.setExecutor(threads);
    server.createContext("/payments", this::handle);
    server.start();
  }

  /**
   * Runs the API on port 8080 with an in-memory store until the process is stopped.
   *
   * @param args ignored
   * @throws IOException if port 8080 cannot be bound
   */
  public static void main(String[] args) throws IOException {
    int[] charges = {0};
    PaymentHttpExample api =
        new PaymentHttpExample(
            8080,
            InMemoryIdempotencyStore.builder().build(),
            body -> {
              synchronized (charges) {
                return "ch_" + ++charges[0];
              }
            });
    System.out.println(
        "payments API on http://localhost:" + api.port() + "/payments; Ctrl-C to stop");
  }

  /**
   * The port the API listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, StoredResponse.ofText(405, "{\"error\":\"use POST\"}"), false);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if (key == null) {
        send(
            exchange,
            StoredResponse.ofText(400, "{\"error\":\"the Idempotency-Key header is required\"}"),
            false);
        return;
      }
      Fingerprint fingerprint;
      try {
        // The body's canonical JSON (RFC 8785): a retry whose members come in another order or
        // with other whitespace is the same request; the client's own timestamp is left out.
        fingerprint =
            Fingerprint.builder()
                .add("method", "POST")
                .add("path", "/payments")
                .add("body", BODY.canonicalize(body))
                .build();
      } catch (InvalidJsonException e) {
        send(
            exchange,
            StoredResponse.ofText(400, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}"),
            false);
        return;
      }
      try {
        IdempotentResult<StoredResponse> result =
            payments.execute(
                key,
                fingerprint,
                () ->
                    new StoredResponse(
                        201,
                        Map.of("Content-Type", List.of("application/json")),
                        ("{\"charge\":\"" + bank.charge(body) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
        send(exchange, result.value(), result.replayed());
      } catch (IdempotencyInProgressException e) {
        exchange.getResponseHeaders().add("Retry-After", Long.toString(e.retryAfterSeconds()));
        send(
            exchange,
            StoredResponse.ofText(409, "{\"error\":\"a request with this key is in progress\"}"),
            false);
      } catch (IdempotencyException e) {
        send(
            exchange,
            StoredResponse.ofText(
                e.httpStatus(), "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}"),
            false);
      }
    }
  }

  private static void send(HttpExchange exchange, StoredResponse response, boolean replayed)
      throws IOException {
    response
        .headers()
        .forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
    if (replayed) {
      exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
    }
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
