package dev.groundwork.idempotency.json;

import dev.groundwork.idempotency.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Fingerprints of JSON bodies that do not depend on how the JSON was written: the SHA-256 of the
 * body's RFC 8785 canonical form (JSON Canonicalization Scheme), so that a retry whose members come
 * in another order, with other whitespace, other escapes or another spelling of the same number
 * ({@code 4.50}, {@code 4.5}, {@code 45e-1}) is the same request, and any change of a value is not.
 *
 * <pre>{@code
 * JsonFingerprint json = JsonFingerprint.builder().ignore("/client_sent_at").build();
 * Fingerprint fp = json.of(requestBody);   // throws InvalidJsonException (400) for bad JSON
 * }</pre>
 *
 * <p>The canonical form is RFC 8785's: members sorted by the UTF-16 code units of their names, no
 * whitespace, strings with only the escapes ECMAScript's {@code JSON.stringify} makes, numbers as
 * ECMAScript writes the IEEE 754 double. Input is held to I-JSON (RFC 7493), as RFC 8785 requires:
 * duplicate member names, lone surrogates and numbers beyond the double range are refused, not
 * guessed at. The fingerprint is the plain SHA-256 of the canonical UTF-8 bytes, so another system
 * can compute it with any RFC 8785 implementation.
 *
 * <p>Members named by {@link Builder#ignore(String) ignore} (JSON Pointers, RFC 6901) are left out
 * before hashing: a client timestamp or a nonce that changes on every retry. Instances are
 * immutable and thread-safe.
 */
public final class JsonFingerprint {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final JsonFingerprint STANDARD = new JsonFingerprint(Set.of());

  private final Set<String> ignored;

  private JsonFingerprint(Set<String> ignored) {
    this.ignored = ignored;
  }

  /**
   * The fingerprint that leaves nothing out.
   *
   * @return the shared instance
   */
  public static JsonFingerprint standard() {
    return STANDARD;
  }

  /**
   * Starts a builder.
   *
   * @return a builder that leaves nothing out until told to
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The fingerprint of a JSON body.
   *
   * @param json the body in UTF-8 (a BOM is refused, as RFC 8259 allows)
   * @return the SHA-256 of its canonical form
   * @throws InvalidJsonException if the body is not I-JSON
   */
  public Fingerprint of(byte[] json) {
    return Fingerprint.of(canonicalize(json));
  }

  /**
   * The fingerprint of a JSON text.
   *
   * @param json the text
   * @return the SHA-256 of its canonical form
   * @throws InvalidJsonException if the text is not I-JSON
   */
  public Fingerprint of(String json) {
    Objects.requireNonNull(json, "json");
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The canonical form itself, as hashed, with the ignored members left out.
   *
   * @param json the body in UTF-8
   * @return the RFC 8785 form in UTF-8
   * @throws InvalidJsonException if the body is not I-JSON
   */
  public byte[] canonicalize(byte[] json) {
    Objects.requireNonNull(json, "json");
    Object value;
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
      if (parser.nextToken() == null) {
        throw new InvalidJsonException(
            "not valid JSON: the body is empty; a JSON value was expected", null);
      }
      value = read(parser, "");
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw invalid(parser, "content after the JSON value (" + trailing + ")");
      }
    } catch (JacksonException e) {
      throw new InvalidJsonException("not valid JSON: " + e.getOriginalMessage() + at(e), e);
    }
    StringBuilder out = new StringBuilder(json.length);
    write(value, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** JSON null, distinct from a Java null that would mean "nothing". */
  private enum Literal {
    NULL,
    TRUE,
    FALSE
  }

  /** Reads the value at the parser's current token; {@code pointer} is where it is. */
  private Object read(JsonParser parser, String pointer) {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> members = new TreeMap<>(); // String order is UTF-16 code unit order
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = checkedString(parser, parser.currentName());
          String child = pointer + "/" + escapePointer(name);
          parser.nextToken();
          Object member = read(parser, child);
          if (!ignored.contains(child)) {
            members.put(name, member);
          }
        }
        return members;
      }
      case START_ARRAY -> {
        List<Object> items = new ArrayList<>();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, pointer + "/" + index++));
        }
        return items;
      }
      case VALUE_STRING -> {
        return new JsonString(checkedString(parser, parser.getString()));
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        double number = parser.getDoubleValue();
        if (Double.isInfinite(number)) {
          throw invalid(
              parser,
              "the number " + parser.getString() + " is beyond the range of a double (I-JSON)");
        }
        return number;
      }
      case VALUE_TRUE -> {
        return Literal.TRUE;
      }
      case VALUE_FALSE -> {
        return Literal.FALSE;
      }
      case VALUE_NULL -> {
        return Literal.NULL;
      }
      default -> throw invalid(parser, "unexpected " + token);
    }
  }

  /** A JSON string value, kept apart from member names and literals. */
  private record JsonString(String value) {}

  private static String checkedString(JsonParser parser, @Nullable String s) {
    if (s == null) {
      throw invalid(parser, "a string was expected");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw invalid(
            parser,
            String.format(
                java.util.Locale.ROOT, "a lone surrogate \\u%04X in a string (I-JSON)", (int) c));
      }
    }
    return s;
  }

  @SuppressWarnings("unchecked") // the reader builds maps of String to values, lists of values
  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> member : ((Map<String, Object>) map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(member.getKey(), out);
        out.append(':');
        write(member.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(Objects.requireNonNull(list.get(i)), out);
      }
      out.append(']');
    } else if (value instanceof JsonString s) {
      writeString(s.value(), out);
    } else if (value instanceof Double d) {
      out.append(EcmaNumbers.toString(d));
    } else {
      out.append(
          switch ((Literal) value) {
            case NULL -> "null";
            case TRUE -> "true";
            case FALSE -> "false";
          });
    }
  }

  /** A string as ECMAScript's JSON.stringify writes it: only the escapes JSON requires. */
  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String escapePointer(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static InvalidJsonException invalid(JsonParser parser, String what) {
    return new InvalidJsonException(
        "not valid I-JSON: " + what + at(parser.currentLocation()), null);
  }

  private static String at(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    return location == null ? "" : at(location);
  }

  private static String at(TokenStreamLocation location) {
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Builds a {@link JsonFingerprint}. */
  public static final class Builder {
    private final Set<String> ignored = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Leaves a member out of the fingerprint, wherever it appears at that path: for values that a
     * client changes on every retry (a timestamp, a nonce) without changing the request.
     *
     * @param jsonPointer an RFC 6901 pointer to an object member, such as {@code /sent_at} or
     *     {@code /meta/nonce} ({@code ~1} for a slash in a name, {@code ~0} for a tilde); array
     *     positions ({@code /items/0/id}) name the member of that element
     * @return this builder
     * @throws IllegalArgumentException if the pointer is not one (it must start with {@code /})
     */
    public Builder ignore(String jsonPointer) {
      Objects.requireNonNull(jsonPointer, "jsonPointer");
      if (!jsonPointer.startsWith("/") || jsonPointer.matches(".*~([^01].*|$)")) {
        throw new IllegalArgumentException(
            "'"
                + jsonPointer
                + "' is not a JSON Pointer to a member: it must start with '/', as in /sent_at,"
                + " and use ~0 and ~1 only");
      }
      ignored.add(jsonPointer);
      return this;
    }

    /**
     * Builds the fingerprint.
     *
     * @return an immutable, thread-safe instance
     */
    public JsonFingerprint build() {
      return ignored.isEmpty() ? STANDARD : new JsonFingerprint(Set.copyOf(ignored));
    }
  }
}
