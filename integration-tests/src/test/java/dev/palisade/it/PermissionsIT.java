package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcBroker;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SamlResponse;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Roles and per-member overrides in a provisioned tenant: the claims in tokens obtained through
 * the real code flow, the permissions API and its rules, and the ways around it that must fail.
 */
@ExtendWith(PalisadeServer.class)
class PermissionsIT {

  private static final String CLIENT = "perm-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final List<String> VIEWER = List.of("documents.read", "members.read");
  private static final List<String> EDITOR = List.of("documents.read", "documents.write",
      "members.read");

  private static PalisadeServer server;
  private static TestRealm tenant;
  private static AuditApi audit;
  private static TestRealm.TotpUser owner;
  private static TestRealm.TotpUser admin;
  private static String ownerToken;
  private static String adminToken;

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    tenant = new Tenants(server).provision(Tenants.freshName("perm"), "teams");
    tenant.createPublicClient(CLIENT);
    owner = tenant.createMember("olga", PASSWORD, "owner");
    admin = tenant.createMember("adam", PASSWORD, "admin");
    audit = new AuditApi(server);
  }

  @AfterAll
  static void deleteTenant() {
    tenant.close();
  }

  @ParameterizedTest
  @CsvSource({
      "owner, 'audit.read,billing.manage,billing.read,documents.delete,documents.read,"
          + "documents.write,members.manage,members.read,settings.manage'",
      "admin, 'audit.read,documents.delete,documents.read,documents.write,members.manage,"
          + "members.read,settings.manage'",
      "editor, 'documents.read,documents.write,members.read'",
      "viewer, 'documents.read,members.read'"})
  void everyTokenCarriesTheTenantTheRoleAndItsPermissions(String role, String permissions) {
    var member = tenant.createMember("m-" + role, PASSWORD, role);

    var tokens = signIn("m-" + role, member);

    List<String> expected = List.of(permissions.split(","));
    for (String token : List.of("access_token", "id_token")) {
      assertThat(OidcLoginDriver.claims((String) tokens.get(token))).as(token)
          .containsEntry("tenant", tenant.name()).containsEntry("role", role)
          .containsEntry("permissions", expected);
    }
    assertThat(userinfo((String) tokens.get("access_token")))
        .containsEntry("role", role).containsEntry("permissions", expected);
  }

  @Test
  void grantsAndRevocationsReachTheTokens() {
    var erin = tenant.createMember("erin", PASSWORD, "editor");

    var changed = put(ownerToken(), erin.id(),
        Map.of("grant", List.of("documents.delete"), "revoke", List.of("members.read")));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json()).containsEntry("role", "editor")
        .containsEntry("grant", List.of("documents.delete"))
        .containsEntry("revoke", List.of("members.read"))
        .containsEntry("effective", List.of("documents.delete", "documents.read",
            "documents.write"));
    assertThat(tenant.resource().users().get(erin.id()).toRepresentation().getAttributes())
        .as("admins see the overrides").containsEntry("palisade.permissions.grant",
            List.of("documents.delete"));
    assertThat(OidcLoginDriver.claims((String) signIn("erin", erin).get("access_token")))
        .containsEntry("permissions", List.of("documents.delete", "documents.read",
            "documents.write"));
    var record = audit.awaitSingle(tenant.name(),
        Map.of("action", "PERMISSIONS_UPDATE", "target", erin.id()));
    assertThat(AuditApi.object(record, "details")).containsKeys("before", "after");
    assertThat(AuditApi.object(AuditApi.object(record, "details"), "before"))
        .containsEntry("effective", EDITOR);
  }

  @Test
  void aLightweightAccessTokenCarriesTheClaimsToo() {
    var lena = tenant.createMember("lena", PASSWORD, "viewer");
    var client = tenant.resource().clients().findByClientId(CLIENT).get(0);
    client.getAttributes().put("client.use.lightweight.access.token.enabled", "true");
    tenant.resource().clients().get(client.getId()).update(client);
    try {
      assertThat(OidcLoginDriver.claims((String) signIn("lena", lena).get("access_token")))
          .containsEntry("tenant", tenant.name()).containsEntry("permissions", VIEWER);
    } finally {
      client.getAttributes().put("client.use.lightweight.access.token.enabled", "false");
      tenant.resource().clients().get(client.getId()).update(client);
    }
  }

  @Test
  void aTenantAdminGrantsOnlyWhatTheyHold() {
    var vera = tenant.createMember("vera", PASSWORD, "viewer");

    var beyond = put(adminToken(), vera.id(), Map.of("grant", List.of("billing.manage")));
    assertThat(beyond.status()).isEqualTo(403);
    assertThat(beyond.json()).containsEntry("error", "not_held");
    var within = put(adminToken(), vera.id(), Map.of("grant", List.of("documents.write")));
    assertThat(within.status()).isEqualTo(200);
  }

  @Test
  void onlyAnOwnerChangesAnOwner() {
    var other = tenant.createMember("otto", PASSWORD, "owner");

    var byAdmin = put(adminToken(), other.id(), Map.of("revoke", List.of("billing.manage")));
    assertThat(byAdmin.status()).isEqualTo(403);
    assertThat(byAdmin.json()).containsEntry("error", "owner_only");
    assertThat(put(ownerToken(), other.id(), Map.of("revoke", List.of("billing.manage")))
        .status()).isEqualTo(200);
  }

  /**
   * Keycloak lets any holder of {@code manage-users} map a role whose name is not one of its
   * admin roles; {@code owner} carries {@code manage-realm}. Every way an Admin could use that
   * to make or unmake an Owner is refused and leaves nothing behind.
   */
  @Test
  void anAdminCannotMakeOrUnmakeAnOwnerThroughKeycloaksRoleMapping() {
    var target = tenant.createMember("tara", PASSWORD, "editor");
    var otherOwner = tenant.createMember("oscar", PASSWORD, "owner");

    var self = roleMapping("POST", adminToken(), "users/" + admin.id());
    var other = roleMapping("POST", adminToken(), "users/" + target.id());
    var demote = roleMapping("DELETE", adminToken(), "users/" + otherOwner.id());
    var delete = Rest.send("DELETE", adminUrl("users/" + otherOwner.id()), adminToken(), null,
        null);

    for (var refused : List.of(self, other, demote, delete)) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json()).containsEntry("error", "owner_only");
    }
    assertThat(realmRoles(admin.id())).doesNotContain("owner");
    assertThat(realmRoles(target.id())).doesNotContain("owner");
    assertThat(realmRoles(otherOwner.id())).contains("owner");
    var targets = List.of(admin.id(), target.id(), otherOwner.id());
    var refusals = audit.awaitEvents(tenant.name(), Map.of("action", "OWNER_CHANGE_REFUSED",
        "actor", admin.id()), list -> aimedAt(list, targets).size() == 4);
    assertThat(aimedAt(refusals, targets))
        .extracting(record -> AuditApi.object(record, "details").get("change"))
        .containsExactlyInAnyOrder("grant", "grant", "revoke", "delete");
    assertThat(refusals).extracting(record -> record.get("outcome"))
        .containsOnly("failure:owner_only");
  }

  /**
   * Keycloak lets any holder of {@code manage-users} map the tenant's {@code admin} role, and
   * the realm-management roles they hold themselves. Every way an Admin could use that to make
   * someone an administrator (directly, through a client role, through a group, creating a user
   * in that group) is refused and recorded, bodies Keycloak cannot use change nothing either,
   * and the member's next token still says {@code editor}; an Owner may.
   */
  @Test
  void anAdminMakesNobodyAnAdministrator() {
    var target = tenant.createMember("edna", PASSWORD, "editor");
    var adminRole = tenant.resource().roles().get("admin").toRepresentation();
    var management = tenant.resource().clients().findByClientId("realm-management").get(0);
    var manageUsers = tenant.resource().clients().get(management.getId()).roles()
        .get("manage-users").toRepresentation();
    String groupName = "helpers-" + System.nanoTime();
    assertThat(Rest.send("POST", adminUrl("groups"), ownerToken(), "application/json",
        Rest.json(Map.of("name", groupName))).status()).isEqualTo(201);
    String groupId = tenant.resource().groups().groups(groupName, 0, 1).get(0).getId();
    assertThat(Rest.send("POST", adminUrl("groups/" + groupId + "/role-mappings/realm"),
        ownerToken(), "application/json", Rest.json(List.of(adminRole))).status())
        .isEqualTo(204);

    var attempts = List.of(
        Rest.send("POST", adminUrl("users/" + target.id() + "/role-mappings/realm"),
            adminToken(), "application/json", Rest.json(List.of(adminRole))),
        Rest.send("POST", adminUrl("users/" + target.id() + "/role-mappings/clients/"
            + management.getId()), adminToken(), "application/json",
            Rest.json(List.of(manageUsers))),
        Rest.send("PUT", adminUrl("users/" + target.id() + "/groups/" + groupId),
            adminToken(), null, null));

    for (var refused : attempts) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json()).containsEntry("error", "owner_only");
    }
    String ednasOwnToken = (String) signIn("edna", target).get("access_token");
    var byTheMember = Rest.send("POST", adminUrl("users/" + target.id() + "/role-mappings/realm"),
        ednasOwnToken, "application/json", Rest.json(List.of(adminRole)));
    assertThat(byTheMember.status()).as("the member herself: " + byTheMember.body())
        .isEqualTo(403);
    // The role's name without its id (Keycloak looks roles up by id), an oversized one, not JSON.
    for (String malformed : List.of("[{\"name\":\"admin\"}]",
        "[{\"name\":\"" + "a".repeat(10_000) + "\"}]", "{not json",
        "[{\"name\":{\"nested\":[1,2,3]}}]")) {
      var refused = Rest.send("POST", adminUrl("users/" + target.id() + "/role-mappings/realm"),
          adminToken(), "application/json", malformed);
      assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
      assertThat(refused.body()).doesNotContain("Exception", "at org.");
    }
    var user = tenant.resource().users().get(target.id());
    assertThat(realmRoles(target.id())).doesNotContain("admin");
    assertThat(user.roles().clientLevel(management.getId()).listAll()).isEmpty();
    assertThat(user.groups()).isEmpty();
    assertThat(OidcLoginDriver.claims((String) signIn("edna", target).get("access_token")))
        .containsEntry("role", "editor");
    var refusals = audit.awaitEvents(tenant.name(), Map.of("action", "POLICY_REFUSED",
        "actor", admin.id(), "target", target.id()), list -> list.size() >= 3);
    assertThat(refusals).hasSize(3)
        .extracting(record -> AuditApi.object(record, "details").get("setting"))
        .containsOnly("administrative-roles");

    String newcomer = "made-admin-" + System.nanoTime();
    var createdInGroup = Rest.send("POST", adminUrl("users"), adminToken(), "application/json",
        Rest.json(Map.of("username", newcomer, "enabled", true,
            "groups", List.of("/" + groupName))));
    assertThat(createdInGroup.status()).as("a new user in the group: " + createdInGroup.body())
        .isEqualTo(403);
    assertThat(createdInGroup.json()).containsEntry("error", "owner_only");
    assertThat(tenant.resource().users().search(newcomer, true)).as("nothing created").isEmpty();

    assertThat(Rest.send("PUT", adminUrl("users/" + target.id() + "/groups/" + groupId),
        ownerToken(), null, null).status()).as("an Owner may").isEqualTo(204);
    assertThat(OidcLoginDriver.claims((String) signIn("edna", target).get("access_token")))
        .containsEntry("role", "admin");
  }

  /**
   * With {@code manage-users} an Admin could set an Owner's password, remove their second
   * factor and change their email, then sign in as them. The update is refused outright; the
   * password and the credential removal are rolled back (Keycloak answers as usual: it sends
   * the admin event only after making the change); all are recorded, and the Owner still signs
   * in as before. Another Owner may make such changes.
   */
  @Test
  void anAdminCannotTakeOverAnOwnersAccount() {
    var victim = tenant.createMember("vicky", PASSWORD, "owner");
    var user = tenant.resource().users().get(victim.id());
    var credentialsBefore = user.credentials().stream()
        .map(credential -> credential.getId() + "@" + credential.getCreatedDate()).toList();
    String otp = user.credentials().stream().filter(c -> "otp".equals(c.getType()))
        .findFirst().orElseThrow().getId();
    var changedEmail = user.toRepresentation();
    changedEmail.setEmail("adam-controls-this@palisade.test");

    Rest.send("PUT", adminUrl("users/" + victim.id() + "/reset-password"), adminToken(),
        "application/json", Rest.json(Map.of("type", "password",
            "value", "chosen-by-the-admin-123", "temporary", false)));
    Rest.send("DELETE", adminUrl("users/" + victim.id() + "/credentials/" + otp), adminToken(),
        null, null);
    var update = Rest.send("PUT", adminUrl("users/" + victim.id()), adminToken(),
        "application/json", Rest.json(changedEmail));

    assertThat(update.status()).as("an update is validated before it is written").isEqualTo(400);
    assertThat(update.body()).contains("only an owner or an operator changes an owner's account");

    assertThat(user.credentials()).extracting(c -> c.getId() + "@" + c.getCreatedDate())
        .containsExactlyElementsOf(credentialsBefore);
    assertThat(user.toRepresentation().getEmail()).isEqualTo("vicky@palisade.test");
    assertThat(signIn("vicky", victim)).containsKey("access_token");
    var refusals = audit.awaitEvents(tenant.name(), Map.of("action", "OWNER_CHANGE_REFUSED",
        "target", victim.id()), list -> list.size() >= 3);
    assertThat(refusals).extracting(record -> AuditApi.object(record, "details").get("change"))
        .containsOnly("account");

    assertThat(Rest.send("PUT", adminUrl("users/" + victim.id()), ownerToken(),
        "application/json", Rest.json(changedEmail)).status()).isEqualTo(204);
    assertThat(user.toRepresentation().getEmail()).isEqualTo(changedEmail.getEmail());
  }

  private static List<Map<String, Object>> aimedAt(List<Map<String, Object>> records,
      List<String> userIds) {
    return records.stream()
        .filter(record -> userIds.contains(AuditApi.object(record, "target").get("id")))
        .toList();
  }

  @Test
  void anOwnerMakesAndUnmakesOwners() {
    var target = tenant.createMember("ulla", PASSWORD, "admin");

    assertThat(roleMapping("POST", ownerToken(), "users/" + target.id()).status())
        .isEqualTo(204);
    assertThat(realmRoles(target.id())).contains("owner");
    assertThat(roleMapping("DELETE", ownerToken(), "users/" + target.id()).status())
        .isEqualTo(204);
    assertThat(realmRoles(target.id())).doesNotContain("owner");
  }

  /**
   * The same rule during a sign-in: an Admin who manages identity providers (teams plan) adds a
   * hard-coded role mapper naming {@code owner}; the brokered sign-in that would apply it is
   * refused and makes nobody an Owner.
   */
  @Test
  void aSignInNeverMakesAnOwner() {
    TestRealm upstream = TestRealm.create(server);
    try {
      OidcBroker.upstreamClient(server, upstream, "upstream-app", "upstream-secret", "[\"pwd\"]");
      OidcBroker.identityProvider(server, tenant, upstream, "partner", "upstream-app",
          "upstream-secret", false);
      var mapper = Rest.send("POST", adminUrl("identity-provider/instances/partner/mappers"),
          adminToken(), "application/json", Rest.json(Map.of("name", "make owner",
              "identityProviderAlias", "partner",
              "identityProviderMapper", "oidc-hardcoded-role-idp-mapper",
              "config", Map.of("role", "owner", "syncMode", "INHERIT"))));
      // Refused before it exists (docs/security-model.md, idp-role-mappers); the model's guard
      // stands behind it for a mapper that predates the lock.
      assertThat(mapper.status()).isEqualTo(403);
      assertThat(mapper.json()).containsEntry("error", "locked_setting");
      var outsider = upstream.createUserWithTotp("mallory", PASSWORD);

      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, CLIENT,
          Map.of("kc_idp_hint", "partner")), "mallory", PASSWORD, outsider.totp());

      for (var user : tenant.resource().users().search("mallory")) {
        assertThat(realmRoles(user.getId())).doesNotContain("owner");
      }
    } finally {
      tenant.resource().identityProviders().get("partner").remove();
      upstream.close();
    }
  }

  /** Groups never hold {@code owner}: membership would be a way around the Owner rule. */
  @Test
  void noGroupHoldsTheOwnerRole() {
    var created = Rest.send("POST", adminUrl("groups"), adminToken(), "application/json",
        Rest.json(Map.of("name", "owners-" + System.nanoTime())));
    assertThat(created.status()).isEqualTo(201);
    String group = tenant.resource().groups().groups().stream()
        .filter(g -> g.getName().startsWith("owners-")).findFirst().orElseThrow().getId();

    for (String token : List.of(adminToken(), ownerToken())) {
      var mapped = roleMapping("POST", token, "groups/" + group);
      assertThat(mapped.status()).isEqualTo(403);
      assertThat(mapped.json()).containsEntry("error", "owner_not_for_groups");
    }
    assertThat(tenant.resource().groups().group(group).roles().realmLevel().listAll())
        .isEmpty();
  }

  @Test
  void nobodyChangesTheirOwnOverrides() {
    var self = put(adminToken(), admin.id(), Map.of("grant", List.of("billing.read")));

    assertThat(self.status()).isEqualTo(403);
    assertThat(self.json()).containsEntry("error", "own_overrides");
  }

  @Test
  void aMemberWithoutAdminRightsIsRefused() {
    var ed = tenant.createMember("eddie", PASSWORD, "editor");
    String editorToken = (String) signIn("eddie", ed).get("access_token");

    assertThat(put(editorToken, ed.id(), Map.of("grant", List.of("billing.manage"))).status())
        .isEqualTo(403);
    assertThat(get(editorToken, "catalogue").status()).isEqualTo(403);
  }

  @Test
  void overridesCannotBeWrittenAroundTheApi() {
    var max = tenant.createMember("max", PASSWORD, "viewer");
    String memberToken = (String) signIn("max", max).get("access_token");

    var account = Rest.send("POST", server.baseUrl() + "/realms/" + tenant.name() + "/account",
        memberToken, "application/json", Rest.json(Map.of("username", "max",
            "email", "max@palisade.test", "firstName", "Test", "lastName", "max",
            "attributes", Map.of("palisade.permissions.grant", List.of("billing.manage")))));
    UserRepresentation asAdmin = tenant.resource().users().get(max.id()).toRepresentation();
    asAdmin.singleAttribute("palisade.permissions.grant", "billing.manage");
    var adminRest = Rest.send("PUT", server.baseUrl() + "/admin/realms/" + tenant.name()
        + "/users/" + max.id(), adminToken(), "application/json", Rest.json(asAdmin));

    assertThat(account.status()).as("account REST").isNotEqualTo(500);
    assertThat(adminRest.status()).as("admin REST").isNotEqualTo(500);
    assertThat(get(ownerToken(), "members/" + max.id()).json())
        .containsEntry("grant", List.of()).containsEntry("effective", VIEWER);
    var declared = tenant.resource().users().userProfile().getConfiguration()
        .getAttribute("palisade.permissions.grant");
    assertThat(declared).as("declared in the tenant's user profile").isNotNull();
    assertThat(declared.getPermissions().getEdit()).as("editable by").isEmpty();
    assertThat(declared.getPermissions().getView()).as("visible to").containsExactly("admin");
  }

  @Test
  void badInputIsAJsonErrorAndChangesNothing() {
    var nina = tenant.createMember("nina", PASSWORD, "viewer");

    var unknown = put(ownerToken(), nina.id(), Map.of("grant", List.of("rockets.launch")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json()).containsEntry("error", "unknown_permission");
    var notArray = put(ownerToken(), nina.id(), Map.of("grant", "documents.write"));
    assertThat(notArray.status()).isEqualTo(400);
    var both = put(ownerToken(), nina.id(),
        Map.of("grant", List.of("documents.write"), "revoke", List.of("documents.write")));
    assertThat(both.status()).isEqualTo(400);
    var noSuchMember = put(ownerToken(), "no-such-user", Map.of("grant", List.of()));
    assertThat(noSuchMember.status()).isEqualTo(404);
    assertThat(noSuchMember.json()).containsEntry("error", "not_found");

    assertThat(get(ownerToken(), "members/" + nina.id()).json())
        .containsEntry("grant", List.of()).containsEntry("effective", VIEWER);
  }

  @Test
  void theCatalogueListsPermissionsAndRoleSets() {
    var catalogue = get(ownerToken(), "catalogue");

    assertThat(catalogue.status()).isEqualTo(200);
    assertThat(catalogue.json()).containsKeys("permissions", "roles");
    assertThat(AuditApi.object(catalogue.json(), "roles")).containsEntry("viewer", VIEWER)
        .containsEntry("editor", EDITOR);
  }

  /**
   * An Owner replaces the catalogue; the next token follows it, the change is audited with
   * before and after, an Admin (no {@code manage-realm}) is refused, and a bad catalogue
   * changes nothing.
   */
  @Test
  void anOwnerChangesTheCatalogueAndTokensFollow() {
    var original = get(ownerToken(), "catalogue").json();
    var cara = tenant.createMember("cara", PASSWORD, "viewer");
    var catalogue = Map.of(
        "permissions", List.of(Map.of("name", "reports.read", "description", "Read reports"),
            Map.of("name", "reports.export")),
        "roles", Map.of("owner", List.of("reports.export", "reports.read"),
            "admin", List.of("reports.export", "reports.read"), "editor", List.of("reports.read"),
            "viewer", List.of("reports.read")));
    try {
      var byAdmin = Rest.send("PUT", permissionsUrl("catalogue"), adminToken(),
          "application/json", Rest.json(catalogue));
      assertThat(byAdmin.status()).isEqualTo(403);
      var broken = Rest.send("PUT", permissionsUrl("catalogue"), ownerToken(),
          "application/json", Rest.json(Map.of("permissions", List.of(Map.of("name", "a.b")),
              "roles", Map.of("owner", List.of("c.d"), "admin", List.of(), "editor", List.of(),
                  "viewer", List.of()))));
      assertThat(broken.status()).isEqualTo(400);
      assertThat(broken.json()).containsEntry("error", "unknown_permission");
      assertThat(get(ownerToken(), "catalogue").json()).isEqualTo(original);

      var changed = Rest.send("PUT", permissionsUrl("catalogue"), ownerToken(),
          "application/json", Rest.json(catalogue));

      assertThat(changed.status()).isEqualTo(200);
      assertThat(AuditApi.object(changed.json(), "roles"))
          .containsEntry("viewer", List.of("reports.read"));
      assertThat(OidcLoginDriver.claims((String) signIn("cara", cara).get("access_token")))
          .containsEntry("permissions", List.of("reports.read"));
      var record = audit.awaitSingle(tenant.name(), Map.of("action", "CATALOGUE_UPDATE"));
      assertThat(AuditApi.object(AuditApi.object(record, "details"), "before"))
          .isEqualTo(original);
    } finally {
      assertThat(Rest.send("PUT", permissionsUrl("catalogue"), ownerToken(), "application/json",
          Rest.json(original)).status()).as("the catalogue restored").isEqualTo(200);
    }
  }

  /** SAML: the same claims as attributes of a signed assertion, read by a real SP request. */
  @Test
  void aSamlAssertionCarriesTheClaimsAndItsSignatureHolds() {
    var sara = tenant.createMember("sara", PASSWORD, "editor");
    String sp = "urn:palisade:test-sp:" + System.nanoTime();
    String acs = tenant.callbackUrl();
    var client = new ClientRepresentation();
    client.setClientId(sp);
    client.setProtocol("saml");
    client.setRedirectUris(List.of(acs));
    client.setAttributes(Map.of("saml.client.signature", "false",
        "saml.server.signature", "true", "saml.assertion.signature", "true",
        "saml_assertion_consumer_url_post", acs, "saml.force.post.binding", "true"));
    tenant.resource().clients().create(client).close();

    var browser = OidcLoginDriver.prepare(server, tenant, CLIENT).open(URI.create(
        SamlResponse.authnRequestUrl(server.baseUrl() + "/realms/" + tenant.name(), sp, acs)));
    SecondFactorSteps.signIn(browser, "sara", PASSWORD, sara.totp());
    SamlResponse response = SamlResponse.fromPostForm(browser);

    PublicKey realmKey = SamlResponse.publicKey(tenant.resource().keys().getKeyMetadata()
        .getKeys().stream().filter(key -> "RS256".equals(key.getAlgorithm()))
        .findFirst().orElseThrow().getCertificate());
    assertThat(response.validSignatures(realmKey)).as("signed response and assertion")
        .isGreaterThanOrEqualTo(2);
    assertThat(response.attributes()).containsEntry("tenant", List.of(tenant.name()))
        .containsEntry("role", List.of("editor")).containsEntry("permissions", EDITOR);

    response.tamper("role", "owner");
    assertThatThrownBy(() -> response.validSignatures(realmKey))
        .as("a changed attribute breaks the signature").isInstanceOf(AssertionError.class);
  }

  /**
   * CVE-2026-15572 class: a client registered through dynamic client registration cannot
   * bring its own copy of Palisade's mapper (to retarget or rename the claims).
   */
  @Test
  void dynamicClientRegistrationCannotAttachThePermissionsMapper() {
    var registration = Rest.send("POST", server.baseUrl() + "/realms/" + tenant.name()
        + "/clients-registrations/default", ownerToken(), "application/json", Rest.json(Map.of(
            "clientId", "dcr-" + System.nanoTime(),
            "redirectUris", List.of("https://app.example/cb"),
            "protocolMappers", List.of(Map.of("name", "mine", "protocol", "openid-connect",
                "protocolMapper", "palisade-permissions",
                "config", Map.of("access.token.claim", "true"))))));

    assertThat(registration.status()).isEqualTo(403);
  }

  private static Map<String, Object> signIn(String username, TestRealm.TotpUser member) {
    return SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, CLIENT), username,
        PASSWORD, member.totp()).exchangeCode();
  }

  /** The owner's access token, signed in once: each sign-in spends a fresh TOTP code. */
  private static String ownerToken() {
    if (ownerToken == null) {
      ownerToken = (String) signIn("olga", owner).get("access_token");
    }
    return ownerToken;
  }

  private static String adminToken() {
    if (adminToken == null) {
      adminToken = (String) signIn("adam", admin).get("access_token");
    }
    return adminToken;
  }

  /** Maps ({@code POST}) or unmaps ({@code DELETE}) {@code owner} on a user or a group. */
  private static Rest.Response roleMapping(String method, String token, String holder) {
    var owner = tenant.resource().roles().get("owner").toRepresentation();
    return Rest.send(method, adminUrl(holder + "/role-mappings/realm"), token,
        "application/json", Rest.json(List.of(owner)));
  }

  private static List<String> realmRoles(String userId) {
    return tenant.resource().users().get(userId).roles().realmLevel().listAll().stream()
        .map(role -> role.getName()).toList();
  }

  private static String adminUrl(String path) {
    return server.baseUrl() + "/admin/realms/" + tenant.name() + "/" + path;
  }

  private static Map<String, Object> userinfo(String accessToken) {
    return Rest.send("GET", server.baseUrl() + "/realms/" + tenant.name()
        + "/protocol/openid-connect/userinfo", accessToken, null, null).json();
  }

  private static Rest.Response get(String token, String path) {
    return Rest.send("GET", permissionsUrl(path), token, null, null);
  }

  private static Rest.Response put(String token, String memberId, Map<String, ?> body) {
    return Rest.send("PUT", permissionsUrl("members/" + memberId), token, "application/json",
        Rest.json(body));
  }

  private static String permissionsUrl(String path) {
    return server.baseUrl() + "/admin/realms/" + tenant.name() + "/permissions/" + path;
  }
}
