package dev.groundwork.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.spi.IdempotencyRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records and stored responses are values: equal exactly when every field is, and readable. */
class ValueTypesTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final Fingerprint FP = Fingerprint.ofUtf8("r");

  private static IdempotencyRecord done(String key, String owner, long fence, String result) {
    return IdempotencyRecord.completed(
        key, owner, fence, FP, T, T.plusSeconds(60), result.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recordsAreEqualExactlyWhenEveryFieldIs() {
    IdempotencyRecord a = done("k", "o", 1, "x");

    assertThat(a).isEqualTo(done("k", "o", 1, "x")).hasSameHashCodeAs(done("k", "o", 1, "x"));
    assertThat(a)
        .isNotEqualTo(done("k2", "o", 1, "x"))
        .isNotEqualTo(done("k", "o2", 1, "x"))
        .isNotEqualTo(done("k", "o", 2, "x"))
        .isNotEqualTo(done("k", "o", 1, "y"))
        .isNotEqualTo(IdempotencyRecord.inProgress("k", "o", 1, FP, T, T.plusSeconds(60)))
        .isNotEqualTo("k");
  }

  @Test
  void aRecordPrintsItsFieldsButNotItsResult() {
    assertThat(done("k", "o", 3, "secret").toString())
        .isEqualTo(
            "IdempotencyRecord{key=k, state=COMPLETED, owner=o, fence=3,"
                + " leaseDeadline=2026-01-01T00:00:00Z, expiresAt=2026-01-01T00:01:00Z,"
                + " result=6 bytes}");
  }

  @Test
  void storedResponsesAreEqualExactlyWhenEveryFieldIs() {
    StoredResponse a = new StoredResponse(200, Map.of("a", List.of("1")), new byte[] {1});

    assertThat(a)
        .isEqualTo(new StoredResponse(200, Map.of("a", List.of("1")), new byte[] {1}))
        .hasSameHashCodeAs(new StoredResponse(200, Map.of("a", List.of("1")), new byte[] {1}))
        .isNotEqualTo(new StoredResponse(201, Map.of("a", List.of("1")), new byte[] {1}))
        .isNotEqualTo(new StoredResponse(200, Map.of("a", List.of("2")), new byte[] {1}))
        .isNotEqualTo(new StoredResponse(200, Map.of("a", List.of("1")), new byte[] {2}));
    assertThat(a.toString()).isEqualTo("StoredResponse{status=200, headers={a=[1]}, body=1 bytes}");
    assertThat(StoredResponse.ofText(201, "créé").bodyText()).isEqualTo("créé");
  }

  @Test
  void theResponseCodecNamesItselfInErrors() {
    assertThat(ResultCodec.storedResponse().toString()).isEqualTo("ResultCodec.storedResponse()");
  }

  @Test
  void aCountAtTheLimitIsReadAndOneAboveItIsRefused() throws IOException {
    int limit = 64 << 20; // the codec's bound on any one count

    // At the limit the count is accepted, so decoding goes on to find the bytes missing.
    assertThatThrownBy(() -> ResultCodec.storedResponse().decode(encodedWithBodyLength(limit)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored response is truncated");
    assertThatThrownBy(() -> ResultCodec.storedResponse().decode(encodedWithBodyLength(limit + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored response has an invalid body byte count");
  }

  /** Version 1, status 200, no headers, then a body length with no body after it. */
  private static byte[] encodedWithBodyLength(int length) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeShort(200);
      out.writeInt(0);
      out.writeInt(length);
    }
    return bytes.toByteArray();
  }
}
