package dev.groundwork.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A SHA-256 digest of the request an idempotency key was first used with. A retry must carry the
 * same fingerprint; a different one means the key was reused for another request (HTTP 422).
 *
 * <p>Build it from the bytes that define the request: {@link #of(byte[])} for a body, or {@link
 * #builder()} for selected parts (method, path, chosen headers, body) in a canonical form that does
 * not depend on the order the parts are added in.
 */
public final class Fingerprint {

  /** Length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] digest;

  private Fingerprint(byte[] digest) {
    this.digest = digest;
  }

  /**
   * The SHA-256 of the given bytes.
   *
   * @param request the request's bytes, as the caller defines them
   * @return the fingerprint
   */
  public static Fingerprint of(byte[] request) {
    Objects.requireNonNull(request, "request");
    return new Fingerprint(sha256().digest(request));
  }

  /**
   * The SHA-256 of a string's UTF-8 bytes.
   *
   * @param request the request as text
   * @return the fingerprint
   */
  public static Fingerprint ofUtf8(CharSequence request) {
    Objects.requireNonNull(request, "request");
    return of(request.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Rebuilds a fingerprint from a stored digest.
   *
   * @param digest a 32-byte SHA-256 digest; copied
   * @return the fingerprint
   * @throws IllegalArgumentException if the digest is not 32 bytes
   */
  public static Fingerprint fromDigest(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException(
          "a fingerprint digest is " + LENGTH + " bytes, got " + digest.length);
    }
    return new Fingerprint(digest.clone());
  }

  /**
   * Rebuilds a fingerprint from its hexadecimal form.
   *
   * @param hex 64 hexadecimal digits, as {@link #toHex()} writes them
   * @return the fingerprint
   * @throws IllegalArgumentException if the text is not 64 hexadecimal digits
   */
  public static Fingerprint fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a fingerprint is " + LENGTH * 2 + " hexadecimal digits, got " + hex.length());
    }
    return new Fingerprint(HEX.parseHex(hex));
  }

  /**
   * A builder for a fingerprint over named request parts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The digest.
   *
   * @return a copy of the 32 bytes
   */
  public byte[] digest() {
    return digest.clone();
  }

  /**
   * The digest as lower-case hexadecimal.
   *
   * @return 64 hexadecimal digits
   */
  public String toHex() {
    return HEX.formatHex(digest);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Fingerprint f && MessageDigest.isEqual(digest, f.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "Fingerprint[" + toHex().substring(0, 12) + "…]";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /**
   * Collects named request parts into a canonical form and digests it.
   *
   * <p>Canonical means: parts are ordered by name, so the order of {@code add} calls does not
   * matter; values under one name keep the order they were added in (repeated headers can be
   * order-sensitive); header names are compared case-insensitively and header values are trimmed.
   *
   * <p>No two different sets of parts digest the same bytes: the digest starts with a tag of its
   * own (so it is never the plain SHA-256 of some body that {@link Fingerprint#of(byte[])} would
   * give), each part carries its kind (a named part or a header, so {@code addHeader("X-A", "1")}
   * and {@code add("header:x-a", "1")} differ), and every name and value is length-prefixed. Not
   * thread-safe.
   */
  public static final class Builder {
    /** Starts every builder digest; the version is there for a future change of the encoding. */
    private static final byte[] TAG =
        "groundwork.fingerprint.parts.v2\0".getBytes(StandardCharsets.US_ASCII);

    private static final byte PART = 'p';
    private static final byte HEADER = 'h';

    /** Kind and name of a part, ordered by kind then name. */
    private record Name(byte kind, String name) implements Comparable<Name> {
      @Override
      public int compareTo(Name o) {
        int byKind = Byte.compare(kind, o.kind);
        return byKind != 0 ? byKind : name.compareTo(o.name);
      }
    }

    private final Map<Name, List<byte[]>> parts = new TreeMap<>();

    private Builder() {}

    /**
     * Adds a binary part, such as a body.
     *
     * @param name the part's name, such as {@code "body"}
     * @param value the part's bytes; copied
     * @return this builder
     */
    public Builder add(String name, byte[] value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      return put(PART, name, value.clone());
    }

    private Builder put(byte kind, String name, byte[] value) {
      parts.computeIfAbsent(new Name(kind, name), n -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds a text part, such as the method or path, as UTF-8.
     *
     * @param name the part's name, such as {@code "method"}
     * @param value the part's text
     * @return this builder
     */
    public Builder add(String name, String value) {
      Objects.requireNonNull(value, "value");
      return add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds an HTTP header: the name is lower-cased and the value trimmed, as HTTP treats them.
     *
     * @param name the header name
     * @param value the header value
     * @return this builder
     */
    public Builder addHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      return put(
          HEADER, name.toLowerCase(Locale.ROOT), value.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Digests the parts added so far.
     *
     * @return the fingerprint
     */
    public Fingerprint build() {
      MessageDigest sha = sha256();
      ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
      sha.update(TAG);
      for (Map.Entry<Name, List<byte[]>> part : parts.entrySet()) {
        byte[] name = part.getKey().name().getBytes(StandardCharsets.UTF_8);
        sha.update(part.getKey().kind());
        sha.update(length.clear().putInt(name.length).array());
        sha.update(name);
        sha.update(length.clear().putInt(part.getValue().size()).array());
        for (byte[] value : part.getValue()) {
          sha.update(length.clear().putInt(value.length).array());
          sha.update(value);
        }
      }
      return new Fingerprint(sha.digest());
    }
  }
}
