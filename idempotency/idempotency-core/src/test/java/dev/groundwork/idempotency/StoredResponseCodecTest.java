package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StoredResponseCodecTest {

  private final ResultCodec<StoredResponse> codec = ResultCodec.storedResponse();

  @Property(tries = 200)
  void everyResponseRoundTrips(
      @ForAll @IntRange(min = 100, max = 599) int status,
      @ForAll @Size(max = 5) Map<String, @Size(max = 3) List<String>> headers,
      @ForAll byte[] body) {
    StoredResponse response = new StoredResponse(status, headers, body);
    assertThat(codec.decode(codec.encode(response))).isEqualTo(response);
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
