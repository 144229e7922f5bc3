package dev.groundwork.idempotency.internal;

import dev.groundwork.idempotency.InvalidIdempotencyKeyException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates keys and scopes them as {@code namespace:tenant:key}. Namespace and tenant cannot hold
 * a colon and the tenant is empty when absent, so two different (namespace, tenant, key) triples
 * never produce the same scoped key.
 *
 * <p>A key must survive every store unchanged, and be readable where operators meet it (logs,
 * dashboards, a {@code redis-cli} session). So it may not hold: control characters; unpaired UTF-16
 * surrogates, which have no UTF-8 form (drivers turn them into {@code ?}, so {@code x\uD800} and
 * {@code x?} would be one record); format characters such as zero-width spaces and bidirectional
 * overrides (U+200B, U+202E), and line or paragraph separators (U+2028, U+2029), which make two
 * different keys look alike or reorder the text around them. Every other character is allowed,
 * spaces included, and compared exactly. The scoped key must also fit the store's {@link
 * dev.groundwork.idempotency.spi.IdempotencyStore#maxKeyBytes() limit} in UTF-8.
 */
public final class KeyScope {

  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String prefix;
  private final int maxKeyLength;
  private final int maxKeyBytes;

  /**
   * Creates a scope.
   *
   * @param namespace a valid namespace
   * @param tenant a valid tenant, or null for none
   * @param maxKeyLength the longest key accepted, in characters
   * @param maxKeyBytes the longest scoped key the store keeps, in UTF-8 bytes
   */
  public KeyScope(String namespace, @Nullable String tenant, int maxKeyLength, int maxKeyBytes) {
    this.prefix = namespace + ":" + (tenant == null ? "" : tenant) + ":";
    this.maxKeyLength = maxKeyLength;
    this.maxKeyBytes = maxKeyBytes;
  }

  /**
   * Whether a namespace or tenant name is acceptable.
   *
   * @param scope the name
   * @return true for 1 to 64 characters from {@code [A-Za-z0-9._-]}
   */
  public static boolean isValidScope(String scope) {
    return SCOPE.matcher(scope).matches();
  }

  /**
   * Validates a key and scopes it.
   *
   * @param key the client's key
   * @return the scoped key
   * @throws InvalidIdempotencyKeyException if the key is null, blank, too long or holds a control
   *     character
   */
  public String scope(@Nullable String key) {
    if (key == null) {
      throw new InvalidIdempotencyKeyException(null, "idempotency key is missing", null);
    }
    if (key.isBlank()) {
      throw new InvalidIdempotencyKeyException(key, "idempotency key must not be blank", null);
    }
    if (key.length() > maxKeyLength) {
      throw new InvalidIdempotencyKeyException(
          abbreviate(key),
          "idempotency key is "
              + key.length()
              + " characters; at most "
              + maxKeyLength
              + " are allowed",
          null);
    }
    int utf8 = prefix.length(); // the prefix is ASCII
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      String refused = refusedKind(c);
      if (refused != null) {
        throw new InvalidIdempotencyKeyException(
            abbreviate(key),
            "idempotency key holds "
                + refused
                + String.format(java.util.Locale.ROOT, " (U+%04X)", c)
                + " at index "
                + i
                + "; control, format and separator characters and unpaired surrogates are not"
                + " allowed",
            null);
      }
      utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += Character.charCount(c);
    }
    if (utf8 > maxKeyBytes) {
      throw new InvalidIdempotencyKeyException(
          abbreviate(key),
          "idempotency key takes "
              + utf8
              + " bytes in UTF-8 with its scope '"
              + prefix
              + "'; the store keeps at most "
              + maxKeyBytes,
          null);
    }
    return prefix.concat(key);
  }

  /** What kind of refused character {@code c} is, or null when it is allowed. */
  private static @Nullable String refusedKind(int c) {
    if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
      return "an unpaired surrogate";
    }
    if (Character.isISOControl(c)) {
      return "a control character";
    }
    return switch (Character.getType(c)) {
      case Character.FORMAT -> "an invisible format character";
      case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> "a line separator";
      default -> null;
    };
  }

  private static String abbreviate(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "…";
  }
}
