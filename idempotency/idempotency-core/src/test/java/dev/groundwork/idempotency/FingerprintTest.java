package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void isTheSha256OfTheBytes() {
    // SHA-256("abc"), the FIPS 180-2 test vector.
    assertThat(Fingerprint.ofUtf8("abc").toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void roundTripsThroughHexAndDigest() {
    Fingerprint fp = Fingerprint.ofUtf8("request");
    assertThat(Fingerprint.fromHex(fp.toHex())).isEqualTo(fp);
    assertThat(Fingerprint.fromDigest(fp.digest())).isEqualTo(fp).hasSameHashCodeAs(fp);
    assertThatThrownBy(() -> Fingerprint.fromDigest(new byte[31]))
        .hasMessage("a fingerprint digest is 32 bytes, got 31");
    assertThatThrownBy(() -> Fingerprint.fromHex("abc"))
        .hasMessage("a fingerprint is 64 hexadecimal digits, got 3");
  }

  @Test
  void headerNamesIgnoreCaseAndValuesIgnoreSurroundingSpace() {
    Fingerprint a =
        Fingerprint.builder().add("method", "POST").addHeader("Content-Type", "json ").build();
    Fingerprint b =
        Fingerprint.builder().addHeader("content-type", " json").add("method", "POST").build();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void theBuiltEncodingIsStableAcrossVersions() {
    // Fingerprints are stored with records, so a change to the encoding would turn every retry
    // across an upgrade into key reuse. The expected digest was computed outside the library (a
    // few lines of Python's hashlib): the tag "groundwork.fingerprint.parts.v2" and a NUL, then the
    // parts sorted by kind ('h' header, 'p' part) and name, each as the kind byte, int32 name
    // length, name, int32 value count, then each value as int32 length and bytes (big-endian).
    Fingerprint built =
        Fingerprint.builder()
            .add("method", "POST")
            .add("path", "/charges")
            .addHeader("Content-Type", " application/json ")
            .add("body", "{\"amount\":100}".getBytes(StandardCharsets.UTF_8))
            .add("tag", "a")
            .add("tag", "bc")
            .build();

    assertThat(built.toHex())
        .isEqualTo("29ff02b154f836f8bea64342f33bbeba6251492d1d9cae3b34d99fc5a2e6e320");
    assertThat(built.toString()).isEqualTo("Fingerprint[29ff02b154f8…]");
  }

  @Test
  void partBoundariesCannotBeConfused() {
    Fingerprint a = Fingerprint.builder().add("a", "bc").build();
    Fingerprint b = Fingerprint.builder().add("ab", "c").build();
    Fingerprint c = Fingerprint.builder().add("a", "b").add("a", "c").build();
    Fingerprint d = Fingerprint.builder().add("a", "c").add("a", "b").build();
    assertThat(a).isNotEqualTo(b);
    assertThat(c).isNotEqualTo(d); // repeated values keep their order
  }

  /** Issue 17, defect 7: a header and a part named like one digested the same bytes. */
  @Test
  void headersAndPartsAreSeparateDomains() {
    Fingerprint header = Fingerprint.builder().addHeader("X-A", "1").build();
    Fingerprint part = Fingerprint.builder().add("header:x-a", "1").build();
    Fingerprint plain = Fingerprint.builder().add("x-a", "1").build();

    assertThat(header).isNotEqualTo(part).isNotEqualTo(plain);
  }

  /** A builder digest is never the plain SHA-256 of the bytes it encodes. */
  @Test
  void aBuiltFingerprintIsNotThePlainDigestOfAnyBody() {
    assertThat(Fingerprint.builder().build()).isNotEqualTo(Fingerprint.of(new byte[0]));
  }

  @Test
  void theOrderOfDistinctPartsDoesNotMatter() {
    qt().withExamples(200)
        .forAll(
            lists()
                .of(strings().betweenCodePoints('A', 'z').ofLengthBetween(1, 8))
                .ofSizeBetween(1, 6),
            longs().all())
        .checkAssert(
            (names, seed) -> {
              List<String> distinct = names.stream().distinct().toList();
              List<String> shuffled = new ArrayList<>(distinct);
              Collections.shuffle(shuffled, new Random(seed));

              Fingerprint.Builder inOrder = Fingerprint.builder();
              distinct.forEach(n -> inOrder.add(n, "value of " + n));
              Fingerprint.Builder reordered = Fingerprint.builder();
              shuffled.forEach(n -> reordered.add(n, "value of " + n));

              assertThat(reordered.build()).isEqualTo(inOrder.build());
            });
  }
}
