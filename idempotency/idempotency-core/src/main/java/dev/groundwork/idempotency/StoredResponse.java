package dev.groundwork.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP-style response kept for replay: status, headers and body. Immutable.
 *
 * <p>Header names keep the case they were given in; the map keeps insertion order.
 */
public final class StoredResponse {

  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * Creates a response.
   *
   * @param status the HTTP status, 100 to 599
   * @param headers header names to their values; copied
   * @param body the body; copied
   * @throws IllegalArgumentException if the status is outside 100 to 599
   */
  public StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100 to 599, got " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            copy.put(Objects.requireNonNull(name, "header name"), List.copyOf(values)));
    this.status = status;
    this.headers = java.util.Collections.unmodifiableMap(copy);
    this.body = body.clone();
  }

  /**
   * A response with a UTF-8 text body and no headers.
   *
   * @param status the HTTP status, 100 to 599
   * @param body the body text
   * @return the response
   */
  public static StoredResponse ofText(int status, String body) {
    return new StoredResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The status code.
   *
   * @return 100 to 599
   */
  public int status() {
    return status;
  }

  /**
   * The headers.
   *
   * @return an unmodifiable map from name to values, in insertion order
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The body.
   *
   * @return a copy of the body bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof StoredResponse r
        && status == r.status
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "StoredResponse{status="
        + status
        + ", headers="
        + headers
        + ", body="
        + body.length
        + " bytes}";
  }
}
