package dev.palisade.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.util.JsonSerialization;

class TenantTemplateTest {

  @ParameterizedTest
  @ValueSource(strings = {"free", "teams", "business", "msp"})
  void everyPlanMakesARealmWithTheFourRolesAndItsPlan(String plan) {
    RealmRepresentation realm = TenantTemplate.realm("acme", "Acme", plan);

    assertThat(realm.getRealm()).isEqualTo("acme");
    assertThat(realm.getRoles().getRealm()).extracting(RoleRepresentation::getName)
        .containsExactly("owner", "admin", "editor", "viewer");
    assertThat(realm.getAttributes()).containsEntry(TenantTemplate.PLAN_ATTRIBUTE, plan)
        .containsKey("palisade.permissions.catalogue");
  }

  @Test
  void onlyPaidPlansLetOwnersManageIdentityProviders() {
    assertThat(ownerManagement("free")).doesNotContain("manage-identity-providers");
    assertThat(ownerManagement("teams")).contains("manage-identity-providers", "manage-users");
  }

  /**
   * The demo tenant that {@code ./palisade start} imports is the template with the teams plan
   * and the demo's own overlay. If this fails, the template changed: regenerate
   * palisade/demo/demo-realm.json by the same merge (the message shows the expected file).
   */
  @Test
  void theDemoTenantIsMadeFromTheTemplate() throws Exception {
    ObjectNode composed = TemplateMerge.merge(TenantTemplate.compose("teams"),
        TenantTemplate.read("palisade/demo/demo-overlay.json"));

    JsonNode shipped = TenantTemplate.read("palisade/demo/demo-realm.json");
    assertThat(shipped).as(JsonSerialization.mapper.writerWithDefaultPrettyPrinter()
        .writeValueAsString(composed)).isEqualTo(composed);
  }

  private static List<String> ownerManagement(String plan) {
    return TenantTemplate.realm("acme", "Acme", plan).getRoles().getRealm().stream()
        .filter(role -> role.getName().equals("owner")).findFirst().orElseThrow()
        .getComposites().getClient().get("realm-management");
  }
}
