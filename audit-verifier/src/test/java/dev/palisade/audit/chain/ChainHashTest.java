package dev.palisade.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChainHashTest {

  @Test
  void hashIsSha256OfPreviousHashNewlineAndCanonicalForm() {
    // Computed independently: printf '%s\n%s' "$(printf '0%.0s' $(seq 64))" '{}' | sha256sum
    assertThat(ChainHash.next(ChainHash.GENESIS, "{}"))
        .isEqualTo("5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e");
  }

  @Test
  void canonicalFormSortsNestedKeysAndLeavesOutNulls() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", null);
    inner.put("m", List.of("b", "a"));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("y", inner);
    outer.put("x", Collections.singletonMap("k", null));

    for (ChainFormat format : ChainFormat.values()) {
      assertThat(format.canonical(outer)).isEqualTo("{\"x\":{},\"y\":{\"m\":[\"b\",\"a\"],\"z\":1}}");
    }
  }

  @Test
  void version2IsRfc8785() {
    // RFC 8785 section 3.2.2: keys sorted by UTF-16 code units, control characters as the
    // short escapes or lowercase \\u00xx, everything else as UTF-8.
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("\u20ac", "Euro Sign");
    value.put("\r", "Carriage Return");
    value.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    value.put("1", "One");
    value.put("\ud83d\ude00", "Emoji: Grinning Face");
    value.put("\u0080", "Control\u001f\u007f");
    value.put("\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(ChainFormat.V2.canonical(value)).isEqualTo("{\"\\r\":\"Carriage Return\","
        + "\"1\":\"One\",\"\u0080\":\"Control\\u001f\u007f\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void aRecordNamesItsForm() {
    assertThat(ChainFormat.ofRecord(Map.of("seq", 1))).isEqualTo(ChainFormat.V1);
    assertThat(ChainFormat.ofRecord(Map.of("seq", 1, "v", 2))).isEqualTo(ChainFormat.V2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChainFormat.ofRecord(Map.of("v", 9)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
