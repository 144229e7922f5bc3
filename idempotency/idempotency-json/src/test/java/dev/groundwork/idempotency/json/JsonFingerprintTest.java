package dev.groundwork.idempotency.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.idempotency.Fingerprint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical form against RFC 8785's own examples, then what a fingerprint must tell apart. */
class JsonFingerprintTest {

  private static String canonical(String json) {
    return new String(
        JsonFingerprint.standard().canonicalize(json.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  /** RFC 8785, section 3.2.2: the example of whitespace, numbers, strings and literals. */
  @Test
  void theRfcsMainExampleCanonicalizesAsPublished() {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50,\n              2e-3, 0.000000000000000000000000001],\n  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u20AC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  /** RFC 8785, section 3.2.3: members sorted by UTF-16 code units, not by code points. */
  @Test
  void membersAreSortedByUtf16CodeUnits() {
    String input =
        "{\n  \"\\u20ac\": \"Euro Sign\",\n  \"\\r\": \"Carriage Return\",\n  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n  \"1\": \"One\",\n  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n  \"\\u0080\": \"Control\",\n  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n}";

    assertThat(canonical(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00F6\":\"Latin Small Letter O With Diaeresis\",\"\u20AC\":\"Euro Sign\",\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void nestedStructuresAreSortedAtEveryLevel() {
    assertThat(canonical("[56, {\"d\": true, \"10\": null, \"1\": [ ]}]"))
        .isEqualTo("[56,{\"1\":[],\"10\":null,\"d\":true}]");
  }

  @Test
  void aRetryWrittenDifferentlyIsTheSameRequestAndAChangedValueIsNot() {
    Fingerprint first = JsonFingerprint.standard().of("{\"amount\": 4.50, \"currency\": \"EUR\"}");
    Fingerprint reordered =
        JsonFingerprint.standard().of("{\"currency\":\"\\u0045UR\",\n\"amount\":45e-1}");
    Fingerprint changed =
        JsonFingerprint.standard().of("{\"amount\": 4.51, \"currency\": \"EUR\"}");

    assertThat(reordered).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
    assertThat(first)
        .isEqualTo(
            Fingerprint.of(
                "{\"amount\":4.5,\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void ignoredMembersAreLeftOutWhereverThePointerSays() {
    JsonFingerprint json =
        JsonFingerprint.builder().ignore("/sent_at").ignore("/meta/nonce").ignore("/a~1b").build();

    Fingerprint one =
        json.of(
            "{\"amount\":1,\"sent_at\":\"10:00\",\"meta\":{\"nonce\":1,\"k\":2}," + "\"a/b\":1}");
    Fingerprint two =
        json.of(
            "{\"amount\":1,\"sent_at\":\"10:01\",\"meta\":{\"nonce\":2,\"k\":2}," + "\"a/b\":2}");
    Fingerprint deeper = json.of("{\"amount\":1,\"meta\":{\"k\":3}}");

    assertThat(two).isEqualTo(one);
    assertThat(deeper).isNotEqualTo(one);
    assertThat(
            new String(
                json.canonicalize("{\"x\":{\"sent_at\":1}}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .as("only the member at that path is left out")
        .isEqualTo("{\"x\":{\"sent_at\":1}}");
  }

  @Test
  void pointersIntoArraysNameTheMemberOfThatElement() {
    JsonFingerprint json = JsonFingerprint.builder().ignore("/items/1/nonce").build();

    assertThat(
            new String(
                json.canonicalize(
                    "{\"items\":[{\"nonce\":1},{\"nonce\":2,\"id\":7}]}"
                        .getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"items\":[{\"nonce\":1},{\"id\":7}]}");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\":1,\"a\":2}",
        "[\"\\ud800\"]",
        "{\"\\udc00\":1}",
        "[1e400]",
        "[1] [2]",
        "{'a':1}",
        "[NaN]",
      })
  void whatIsNotIJsonIsRefusedWithItsPlace(String body) {
    assertThatThrownBy(() -> JsonFingerprint.standard().of(body))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageStartingWith("not valid")
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(" at line ", "empty"));
  }

  @Test
  void badPointersAreRefused() {
    assertThatThrownBy(() -> JsonFingerprint.builder().ignore("sent_at"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> JsonFingerprint.builder().ignore("/a~2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(JsonFingerprint.builder().build()).isSameAs(JsonFingerprint.standard());
  }
}
