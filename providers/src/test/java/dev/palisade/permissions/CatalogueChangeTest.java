package dev.palisade.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

class CatalogueChangeTest {

  private static final String ROLES = "\"roles\":{\"owner\":[\"a.read\",\"a.write\"],"
      + "\"admin\":[\"a.read\"],\"editor\":[],\"viewer\":[]}";

  @Test
  void aWholeCatalogueIsReadInOrderWithEachRoleSorted() {
    CatalogueChange change = CatalogueChange.parse(json("{\"permissions\":["
        + "{\"name\":\"a.write\",\"description\":\"Write\"},{\"name\":\"a.read\"}]," + ROLES
        + "}"));

    assertThat(change.permissions()).extracting(PermissionCatalogue.Entry::name)
        .containsExactly("a.write", "a.read");
    assertThat(change.permissions().get(1).description()).isEmpty();
    assertThat(change.roles()).containsExactly(Map.entry("owner", Set.of("a.read", "a.write")),
        Map.entry("admin", Set.of("a.read")), Map.entry("editor", Set.of()),
        Map.entry("viewer", Set.of()));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}| invalid_request",
      "{\"permissions\":{},\"roles\":{}}| invalid_request",
      "{\"permissions\":[{\"name\":\"A.Read\"}],\"roles\":{}}| invalid_permission_name",
      "{\"permissions\":[{\"name\":\"a..read\"}],\"roles\":{}}| invalid_permission_name",
      "{\"permissions\":[{\"name\":\"a.read\"},{\"name\":\"a.read\"}],\"roles\":{}}"
          + "| duplicate_permission",
      "{\"permissions\":[{\"name\":1}],\"roles\":{}}| invalid_request",
      "{\"permissions\":[{\"name\":\"a.read\"}],\"roles\":{\"owner\":[\"a.read\"]}}"
          + "| invalid_request",
      "{\"permissions\":[{\"name\":\"a.read\"}],\"roles\":{\"owner\":[],\"admin\":[],"
          + "\"editor\":[],\"viewer\":[],\"auditor\":[]}}| unknown_role",
      "{\"permissions\":[{\"name\":\"a.read\"}],\"roles\":{\"owner\":[\"a.write\"],"
          + "\"admin\":[],\"editor\":[],\"viewer\":[]}}| unknown_permission"})
  void anythingElseIsRefusedWithItsReason(String body, String error) {
    assertThatThrownBy(() -> CatalogueChange.parse(json(body)))
        .isInstanceOfSatisfying(WebApplicationException.class, refused -> {
          assertThat(refused.getResponse().getStatus()).isEqualTo(400);
          assertThat(((Map<?, ?>) refused.getResponse().getEntity()).get("error")).isEqualTo(error);
        });
  }

  @Test
  void tooManyPermissionsAreRefused() {
    StringBuilder permissions = new StringBuilder();
    for (int i = 0; i < 201; i++) {
      permissions.append(i == 0 ? "" : ",").append("{\"name\":\"p").append(i).append("\"}");
    }
    assertThatThrownBy(() -> CatalogueChange.parse(json("{\"permissions\":[" + permissions
        + "]," + ROLES + "}"))).isInstanceOf(WebApplicationException.class);
  }

  private static JsonNode json(String text) {
    try {
      return JsonSerialization.readValue(text, JsonNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
