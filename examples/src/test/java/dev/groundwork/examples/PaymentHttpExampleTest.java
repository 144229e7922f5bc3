package dev.groundwork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.idempotency.InMemoryIdempotencyStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP requests against the example API on a loopback port. */
class PaymentHttpExampleTest {

  private final AtomicInteger charges = new AtomicInteger();
  private final CountDownLatch bankEntered = new CountDownLatch(1);
  private final CountDownLatch bankMayFinish = new CountDownLatch(1);
  private volatile boolean slowBank;
  private final HttpClient http = HttpClient.newHttpClient();
  private final PaymentHttpExample api;

  PaymentHttpExampleTest() throws Exception {
    api =
        new PaymentHttpExample(
            0,
            InMemoryIdempotencyStore.builder().build(),
            body -> {
              if (slowBank) {
                bankEntered.countDown();
                assertThat(bankMayFinish.await(30, TimeUnit.SECONDS)).isTrue();
              }
              return "ch_" + charges.incrementAndGet();
            });
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpRequest post(String key, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/payments"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return b.build();
  }

  private HttpResponse<String> send(String key, String body) throws Exception {
    return http.send(post(key, body), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHeaderContract() throws Exception {
    assertThat(send(null, "{\"amount\":100}").statusCode()).isEqualTo(400);

    HttpResponse<String> first = send("k1", "{\"amount\":100}");
    HttpResponse<String> retry = send("k1", "{\"amount\":100}");
    HttpResponse<String> reused = send("k1", "{\"amount\":999}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(charges).hasValue(1);
  }

  /**
   * A retry that writes the same JSON differently (member order, whitespace, number spelling, a new
   * client timestamp) replays; a body that is not JSON is a 400 and charges nothing.
   */
  @Test
  void aRetryWithTheSameJsonWrittenDifferentlyReplays() throws Exception {
    HttpResponse<String> first =
        send("k3", "{\"amount\":100,\"currency\":\"EUR\",\"client_sent_at\":\"10:00:00\"}");
    HttpResponse<String> retry =
        send(
            "k3",
            "{ \"currency\": \"EUR\",\n  \"client_sent_at\": \"10:00:05\", \"amount\": 1e2 }");
    HttpResponse<String> notJson = send("k4", "{\"amount\":");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not valid JSON");
    assertThat(charges).hasValue(1);
  }

  @Test
  void concurrentRetriesGet409WithRetryAfterAndTheCardIsChargedOnce() throws Exception {
    slowBank = true;
    CompletableFuture<HttpResponse<String>> first =
        http.sendAsync(post("k2", "{\"amount\":4200}"), HttpResponse.BodyHandlers.ofString());
    assertThat(bankEntered.await(30, TimeUnit.SECONDS)).isTrue();

    List<CompletableFuture<HttpResponse<String>>> retries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      retries.add(
          http.sendAsync(post("k2", "{\"amount\":4200}"), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> retry : retries) {
      HttpResponse<String> r = retry.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }
    bankMayFinish.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    HttpResponse<String> late = send("k2", "{\"amount\":4200}");
    assertThat(late.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(charges).hasValue(1);
  }
}
