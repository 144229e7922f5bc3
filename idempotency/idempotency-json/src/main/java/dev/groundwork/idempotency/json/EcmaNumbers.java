package dev.groundwork.idempotency.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as RFC 8785 writes them: ECMAScript's {@code Number.prototype.toString} of the IEEE 754
 * double. The digits are the shortest decimal that reads back as the same double, the closest to it
 * when several are as short (found here exactly, with {@link BigDecimal}, since Java 17's {@code
 * Double.toString} is not always shortest); the layout is ECMAScript's: plain up to 21 integer
 * digits, {@code 0.000001} down to six leading zeros, exponential ({@code 1e+21}, {@code 1e-7})
 * beyond.
 */
final class EcmaNumbers {

  private EcmaNumbers() {}

  /**
   * Writes a double the ECMAScript way.
   *
   * @param value a finite double
   * @return its canonical text; both zeros give {@code 0}
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
   */
  static String toString(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(value + " cannot be written as JSON");
    }
    if (value == 0) {
      return "0";
    }
    double magnitude = Math.abs(value);
    BigDecimal exact = new BigDecimal(magnitude);
    BigDecimal shortest = exact;
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == magnitude) {
        shortest = rounded;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // the value is 0.digits × 10^n
    StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int exponent = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    }
    return out.toString();
  }
}
