package dev.groundwork.idempotency.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785's number serialization, against the samples of its Appendix B. */
class EcmaNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void theRfcSamplesAreWrittenAsTheRfcSays(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThat(EcmaNumbers.toString(value)).isEqualTo(expected);
  }

  /** The edges between ECMAScript's layouts: fraction below one, six leading zeros, seven. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.5, 0.5",
    "-0.5, -0.5",
    "0.000001, 0.000001",
    "0.0000001, 1e-7",
    "0.00000123, 0.00000123",
    "1.5, 1.5",
    "123456789012345680000, 123456789012345680000",
    "1.2345678901234568e21, 1.2345678901234568e+21",
  })
  void layoutsChangeWhereEcmaScriptChangesThem(double value, String expected) {
    assertThat(EcmaNumbers.toString(value)).isEqualTo(expected);
  }

  @Test
  void nanAndInfinitiesAreRefused() {
    assertThatThrownBy(() -> EcmaNumbers.toString(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EcmaNumbers.toString(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Any finite double reads back as itself, and no digit can be dropped: one fewer significant
   * digit, rounded either way, is another double.
   */
  @Test
  void everyDoubleIsWrittenShortestAndReadsBackExactly() {
    qt().withExamples(20_000)
        .forAll(longs().all())
        .assuming(bits -> Double.isFinite(Double.longBitsToDouble(bits)))
        .checkAssert(
            bits -> {
              double value = Double.longBitsToDouble(bits);
              String text = EcmaNumbers.toString(value);

              assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
              String digits = significand(text);
              if (digits.length() > 1) {
                java.math.BigDecimal exact = new java.math.BigDecimal(Math.abs(value));
                for (java.math.RoundingMode mode :
                    new java.math.RoundingMode[] {
                      java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING
                    }) {
                  double shorter =
                      exact
                          .round(new java.math.MathContext(digits.length() - 1, mode))
                          .doubleValue();
                  assertThat(shorter).as(text + " is not shortest").isNotEqualTo(Math.abs(value));
                }
              }
            });
  }

  /** The significant digits of a written number, without sign, point, exponent or zeros. */
  private static String significand(String text) {
    String mantissa = text.replace("-", "").split("e", -1)[0].replace(".", "");
    return mantissa.replaceAll("^0+", "").replaceAll("0+$", "");
  }
}
