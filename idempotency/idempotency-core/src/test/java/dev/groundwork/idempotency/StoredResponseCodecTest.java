package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.maps;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class StoredResponseCodecTest {

  private final ResultCodec<StoredResponse> codec = ResultCodec.storedResponse();

  /**
   * Any Unicode text but lone surrogates, which no UTF-8 form carries: built from code points,
   * since QuickTheories' own code-point strings can hold a lone surrogate.
   */
  private static Gen<String> text(int maxLength) {
    Gen<Integer> codePoint =
        integers().between(0, 0xD7FF).mix(integers().between(0xE000, Character.MAX_CODE_POINT), 30);
    return lists()
        .of(codePoint)
        .ofSizeBetween(0, maxLength)
        .map(
            cps -> {
              StringBuilder text = new StringBuilder();
              cps.forEach(text::appendCodePoint);
              return text.toString();
            });
  }

  @Test
  void everyResponseRoundTrips() {
    Gen<Map<String, List<String>>> headers =
        maps().of(text(20), lists().of(text(20)).ofSizeBetween(0, 3)).ofSizeBetween(0, 5);
    Gen<byte[]> bodies =
        Generate.byteArrays(
            integers().between(0, 255), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    qt().withExamples(200)
        .forAll(integers().between(100, 599), headers, bodies)
        .checkAssert(
            (status, h, body) -> {
              StoredResponse response = new StoredResponse(status, h, body);
              assertThat(codec.decode(codec.encode(response))).isEqualTo(response);
            });
  }

  @Test
  void truncatedOrForeignBytesAreRefusedWithAReason() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Location", List.of("/charges/1"));
    byte[] good = codec.encode(new StoredResponse(201, headers, new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    byte[] otherVersion = good.clone();
    otherVersion[0] = 9;
    assertThatThrownBy(() -> codec.decode(otherVersion))
        .hasMessageContaining("format version 9 is not known");
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length + 1)))
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void statusIsChecked() {
    assertThatThrownBy(() -> StoredResponse.ofText(99, "x"))
        .hasMessage("HTTP status must be 100 to 599, got 99");
  }
}
