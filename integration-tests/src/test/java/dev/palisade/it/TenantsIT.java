package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The tenant provisioning API on the Palisade image: a tenant per plan from the template, every
 * bad request refused with a JSON error and no realm left behind, listing and offboarding.
 */
@ExtendWith(PalisadeServer.class)
class TenantsIT {

  private static PalisadeServer server;
  private static Tenants tenants;
  private static AuditApi audit;

  @BeforeAll
  static void connect(PalisadeServer palisade) {
    server = palisade;
    tenants = new Tenants(server);
    audit = new AuditApi(server);
  }

  @ParameterizedTest
  @ValueSource(strings = {"free", "teams", "business", "msp"})
  void provisionsATenantFromTheTemplateOfItsPlan(String plan) {
    String name = Tenants.freshName(plan);
    var response = tenants.post(Tenants.request(name, plan), tenants.operatorToken());
    try (TestRealm tenant = TestRealm.adopt(server, name)) {
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.json()).containsEntry("name", name).containsEntry("plan", plan);

      RealmRepresentation realm = tenant.resource().toRepresentation();
      assertThat(realm.getBrowserFlow()).isEqualTo("palisade browser");
      assertThat(realm.getResetCredentialsFlow()).isEqualTo("palisade reset credentials");
      assertThat(realm.isBruteForceProtected()).isTrue();
      assertThat(realm.getPasswordPolicy()).contains("length(12)");
      assertThat(List.of(realm.getLoginTheme(), realm.getEmailTheme(), realm.getAdminTheme(),
          realm.getAccountTheme())).containsOnly("palisade");
      // Framed by its own origin only: the consoles' sign-in check runs in a same-origin
      // iframe, and no other site may frame a tenant's pages.
      assertThat(realm.getBrowserSecurityHeaders()).containsEntry("xFrameOptions", "SAMEORIGIN")
          .containsEntry("xContentTypeOptions", "nosniff")
          .hasEntrySatisfying("contentSecurityPolicy", csp -> assertThat(csp)
              .contains("frame-ancestors 'self';").doesNotContain("unsafe-inline", "*"));
      assertThat(realm.getSmtpServer()).containsEntry("password", "${vault.smtp-password}");
      assertThat(tenant.resource().roles().list()).extracting(RoleRepresentation::getName)
          .contains("owner", "admin", "editor", "viewer");
      assertThat(tenant.resource().getDefaultDefaultClientScopes())
          .extracting(scope -> scope.getName()).contains("palisade", "profile", "email");

      UserRepresentation owner = tenant.resource().users()
          .searchByEmail("owner@" + name + ".test", true).get(0);
      assertThat(tenant.resource().users().get(owner.getId()).roles().realmLevel().listAll())
          .extracting(RoleRepresentation::getName).contains("owner");
      assertThat(ownerManages(tenant, "manage-identity-providers"))
          .as("identity-provider management on " + plan).isEqualTo(!plan.equals("free"));
      var created = audit.awaitSingle(name, Map.of("action", "TENANT_CREATED"));
      assertThat(created.get("ip")).as("the operator's address, though provisioning runs in a"
          + " session of its own").isNotNull();
      assertThat(created.get("userAgent")).isNotNull();
    }
  }

  @Test
  void aTenantsMembersSignInWithTheSecondFactorAndGetThePermissionsClaims() {
    try (TestRealm tenant = tenants.provision(Tenants.freshName("claims"), "free")) {
      tenant.createPublicClient("app");
      var viewer = tenant.createMember("vicky", "correct-horse-battery-staple", "viewer");

      var driver = OidcLoginDriver.begin(server, tenant, "app")
          .loginWithPassword("vicky", "correct-horse-battery-staple");
      assertThat(driver.finished()).as("stops for the code").isFalse();
      var tokens = SecondFactorSteps.enterCode(driver, viewer.totp()).exchangeCode();

      assertThat(OidcLoginDriver.claims((String) tokens.get("access_token")))
          .containsEntry("tenant", tenant.name()).containsEntry("role", "viewer")
          .containsEntry("permissions", List.of("documents.read", "members.read"));
    }
  }

  @Test
  void everyBadRequestIsAJsonErrorAndLeavesNoRealm() {
    String name = Tenants.freshName("bad");
    Map<String, Consumer<Map<String, Object>>> breakages = new LinkedHashMap<>();
    breakages.put("invalid_name", body -> body.put("name", "Bad Name!"));
    breakages.put("invalid_name:reserved", body -> body.put("name", "master"));
    breakages.put("invalid_plan", body -> body.put("plan", "platinum"));
    breakages.put("missing_owner", body -> body.remove("owner"));
    breakages.put("invalid_owner", body -> ownerOf(body).put("email", "not-an-email"));
    breakages.put("invalid_request:owner name", body -> ownerOf(body).remove("lastName"));
    breakages.put("invalid_request:number", body -> body.put("displayName", 42));

    breakages.forEach((expected, breakage) -> {
      Map<String, Object> body = Tenants.request(name, "free");
      breakage.accept(body);
      var response = tenants.post(body, tenants.operatorToken());
      assertThat(response.status()).as(expected).isEqualTo(400);
      assertThat(response.json()).as(expected)
          .containsEntry("error", expected.split(":")[0]).containsKey("error_description");
    });
    var notJson = tenants.post("{not json", tenants.operatorToken());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body()).doesNotContain("Exception").doesNotContain("at org.");

    assertThat(server.admin().realms().findAll()).extracting(RealmRepresentation::getRealm)
        .doesNotContain(name);
  }

  @Test
  void anExistingNameIsAConflictAndChangesNothing() {
    try (TestRealm tenant = tenants.provision(Tenants.freshName("dup"), "free")) {
      var again = tenants.post(Tenants.request(tenant.name(), "teams"), tenants.operatorToken());

      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json()).containsEntry("error", "tenant_exists");
      assertThat(tenants.get(tenant.name(), tenants.operatorToken()).json())
          .containsEntry("plan", "free");
    }
  }

  @Test
  void listsAndShowsTenantsButNotOtherRealms() {
    try (TestRealm tenant = tenants.provision(Tenants.freshName("list"), "business");
        TestRealm plain = TestRealm.create(server)) {
      List<Map<String, Object>> listed = tenants.get("", tenants.operatorToken())
          .json(new com.fasterxml.jackson.core.type.TypeReference<>() { });

      assertThat(listed).extracting(t -> t.get("name")).contains(tenant.name())
          .doesNotContain(plain.name(), "master");
      assertThat(tenants.get(tenant.name(), tenants.operatorToken()).json())
          .containsEntry("plan", "business").containsEntry("enabled", true);
      var unknown = tenants.get("no-such-tenant", tenants.operatorToken());
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json()).containsEntry("error", "not_found");
      assertThat(tenants.get(plain.name(), tenants.operatorToken()).status()).isEqualTo(404);
    }
  }

  @Test
  void offboardingWantsTheAuditExportedOrForce() {
    TestRealm tenant = tenants.provision(Tenants.freshName("off"), "teams");

    var refused = tenants.delete(tenant.name(), tenants.operatorToken());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json()).containsEntry("error", "audit_not_exported");

    audit.export(tenant.name(), Map.of("format", "jsonl"));
    audit.awaitEvents(tenant.name(), Map.of("action", "AUDIT_EXPORT"), list -> !list.isEmpty());
    var deleted = tenants.delete(tenant.name(), tenants.operatorToken());

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(server.admin().realms().findAll()).extracting(RealmRepresentation::getRealm)
        .doesNotContain(tenant.name());
    assertThat(audit.awaitEvents("master", Map.of("action", "TENANT_DELETED"),
        list -> list.stream().anyMatch(r -> tenant.name().equals(
            AuditApi.object(r, "details").get("name"))))).isNotEmpty();
  }

  @Test
  void forcedOffboardingNeedsNoExport() {
    TestRealm tenant = tenants.provision(Tenants.freshName("force"), "free");

    assertThat(tenants.delete(tenant.name() + "?force=true", tenants.operatorToken()).status())
        .isEqualTo(204);
    assertThat(tenants.get(tenant.name(), tenants.operatorToken()).status()).isEqualTo(404);
  }

  @Test
  void aTenantOwnerCannotProvisionOrListTenants() {
    try (TestRealm tenant = tenants.provision(Tenants.freshName("owner"), "teams")) {
      tenant.createPublicClient("app");
      var owner = tenant.createMember("oscar", "correct-horse-battery-staple", "owner");
      String token = (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, "app"),
          "oscar", "correct-horse-battery-staple", owner.totp()).exchangeCode()
          .get("access_token");

      Rest.Response provision = tenants.post(Tenants.request(Tenants.freshName("x"), "free"),
          token);
      assertThat(provision.status()).isIn(401, 403);
      assertThat(tenants.get("", token).status()).isIn(401, 403);
      assertThat(tenants.delete(tenant.name() + "?force=true", token).status()).isIn(401, 403);
    }
  }

  @Test
  void masterUsesPalisadesConsolesWhichTheServerLists() {
    RealmRepresentation master = server.admin().realm("master").toRepresentation();
    assertThat(master.getAdminTheme()).isEqualTo("palisade");
    assertThat(master.getAccountTheme()).isEqualTo("palisade");
    assertThat(server.admin().serverInfo().getInfo().getThemes().get("admin"))
        .extracting(theme -> theme.getName()).contains("palisade");
  }

  @Test
  void theTenantsApiLivesOnlyUnderMaster() {
    try (TestRealm plain = TestRealm.create(server)) {
      var elsewhere = Rest.send("GET", server.baseUrl() + "/admin/realms/" + plain.name()
          + "/tenants", tenants.operatorToken(), null, null);

      assertThat(elsewhere.status()).isEqualTo(404);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ownerOf(Map<String, Object> body) {
    return (Map<String, Object>) body.get("owner");
  }

  private static boolean ownerManages(TestRealm tenant, String managementRole) {
    return tenant.resource().roles().get("owner").getRoleComposites().stream()
        .anyMatch(role -> managementRole.equals(role.getName()));
  }
}
