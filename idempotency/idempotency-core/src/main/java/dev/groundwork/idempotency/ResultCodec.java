package dev.groundwork.idempotency;

import dev.groundwork.idempotency.internal.BuiltInCodecs;

/**
 * Turns an operation's result into bytes for the store and back for a replay.
 *
 * <p>No Java serialization is used, by design: stored results outlive deployments, and a codec
 * states the format explicitly. Built-ins cover text, raw bytes and HTTP-style responses; write
 * your own for other types (for example with your JSON mapper).
 *
 * @param <T> the result type
 */
public interface ResultCodec<T> {

  /**
   * Encodes a result.
   *
   * @param result the operation's result
   * @return its bytes
   * @throws RuntimeException if the result cannot be encoded; the operation has run by then, so the
   *     executor keeps the key in progress until its lease ends and throws {@link
   *     IdempotencyResultNotStoredException} (caused by an {@link IdempotencyCodecException})
   */
  byte[] encode(T result);

  /**
   * Decodes a stored result.
   *
   * @param bytes what {@link #encode} wrote
   * @return the result
   * @throws RuntimeException if the bytes are not what this codec writes; the executor reports it
   *     as {@link IdempotencyCodecException}
   */
  T decode(byte[] bytes);

  /**
   * Text as UTF-8.
   *
   * @return the codec
   */
  static ResultCodec<String> utf8() {
    return BuiltInCodecs.UTF8;
  }

  /**
   * Bytes as they are (copied each way).
   *
   * @return the codec
   */
  static ResultCodec<byte[]> bytes() {
    return BuiltInCodecs.BYTES;
  }

  /**
   * HTTP-style responses (status, headers, body) in a compact, versioned binary form.
   *
   * @return the codec
   */
  static ResultCodec<StoredResponse> storedResponse() {
    return BuiltInCodecs.STORED_RESPONSE;
  }
}
