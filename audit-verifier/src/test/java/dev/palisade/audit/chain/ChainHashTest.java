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

    assertThat(ChainHash.canonical(outer)).isEqualTo("{\"x\":{},\"y\":{\"m\":[\"b\",\"a\"],\"z\":1}}");
  }
}
