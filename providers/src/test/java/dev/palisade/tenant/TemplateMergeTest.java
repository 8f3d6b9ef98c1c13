package dev.palisade.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class TemplateMergeTest {

  @Test
  void objectsMergeFieldByFieldAndScalarsAreReplaced() {
    ObjectNode merged = TemplateMerge.merge(json("{\"a\":1,\"o\":{\"x\":1,\"y\":2}}"),
        json("{\"a\":2,\"o\":{\"y\":3,\"z\":4}}"));

    assertThat(merged).isEqualTo(json("{\"a\":2,\"o\":{\"x\":1,\"y\":3,\"z\":4}}"));
  }

  @Test
  void namedObjectsInArraysMergeByName() {
    ObjectNode merged = TemplateMerge.merge(
        json("{\"roles\":[{\"name\":\"owner\",\"c\":[\"a\"]},{\"name\":\"viewer\"}]}"),
        json("{\"roles\":[{\"name\":\"owner\",\"c\":[\"b\"]},{\"name\":\"auditor\"}]}"));

    assertThat(merged).isEqualTo(json("{\"roles\":[{\"name\":\"owner\",\"c\":[\"a\",\"b\"]},"
        + "{\"name\":\"viewer\"},{\"name\":\"auditor\"}]}"));
  }

  @Test
  void otherArraysGainOnlyWhatTheyLack() {
    ObjectNode merged = TemplateMerge.merge(json("{\"s\":[\"a\",\"b\"]}"),
        json("{\"s\":[\"b\",\"c\"]}"));

    assertThat(merged).isEqualTo(json("{\"s\":[\"a\",\"b\",\"c\"]}"));
  }

  @Test
  void theOverlayIsNotChangedByTheMerge() {
    JsonNode overlay = json("{\"o\":{\"y\":3}}");
    TemplateMerge.merge(json("{\"o\":{\"x\":1}}"), overlay).with("o").put("y", 9);

    assertThat(overlay).isEqualTo(json("{\"o\":{\"y\":3}}"));
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JsonSerialization.mapper.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
