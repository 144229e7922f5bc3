package dev.groundwork.idempotency.internal;

import dev.groundwork.idempotency.InvalidIdempotencyKeyException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Validates keys and scopes them as {@code namespace:tenant:key}. Namespace and tenant cannot hold
 * a colon and the tenant is empty when absent, so two different (namespace, tenant, key) triples
 * never produce the same scoped key.
 */
public final class KeyScope {

  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String prefix;
  private final int maxKeyLength;

  /**
   * Creates a scope.
   *
   * @param namespace a valid namespace
   * @param tenant a valid tenant, or null for none
   * @param maxKeyLength the longest key accepted
   */
  public KeyScope(String namespace, @Nullable String tenant, int maxKeyLength) {
    this.prefix = namespace + ":" + (tenant == null ? "" : tenant) + ":";
    this.maxKeyLength = maxKeyLength;
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
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw new InvalidIdempotencyKeyException(
            abbreviate(key),
            "idempotency key holds a control character at index "
                + i
                + "; only printable characters are allowed",
            null);
      }
    }
    return prefix.concat(key);
  }

  private static String abbreviate(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "…";
  }
}
