package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Tenant isolation on the Palisade image: tenant A's users, admins and tokens can read or change
 * nothing in tenant B. Every credential A can hold (an owner, admin, editor and viewer token from
 * the real code flow with the second factor, and a service account's client-credentials token)
 * is presented at every way into B that matters (Keycloak's admin and account APIs, userinfo,
 * introspection, and Palisade's audit, permissions and MFA APIs), and each is refused. The same
 * tokens are shown to work in A, so the refusals are about the tenant, not broken tokens.
 */
@ExtendWith(PalisadeServer.class)
class TenantIsolationIT {

  /** The same client id in both tenants: B must not refuse A's tokens just for a missing name. */
  private static final String CLIENT = "iso-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String A_BACKEND = "a-backend";
  private static final String A_BACKEND_SECRET = "a-backend-secret-4f1c9e";
  private static final String B_BACKEND = "b-backend";
  private static final String B_BACKEND_SECRET = "b-backend-secret-7d2a0b";
  private static final String B_MEMBER = "bella";
  private static final List<String> ROLES = List.of("owner", "admin", "editor", "viewer");
  /** Keycloak's client attribute (OIDCConfigAttributes) to introspect tokens not meant for it. */
  private static final String INTROSPECT_ANY_TOKEN =
      "allow.token.introspection.without.audience.check";
  private static final String RENAME = "{\"firstName\":\"x\"}";
  /** Would wipe every permission of B's members. */
  private static final String EMPTY_CATALOGUE = "{\"permissions\":[],\"roles\":{\"owner\":[],"
      + "\"admin\":[],\"editor\":[],\"viewer\":[]}}";
  private static final String GRANT_DOCUMENTS_READ =
      "{\"grant\":[\"documents.read\"],\"revoke\":[]}";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static PalisadeServer server;
  private static TestRealm tenantA;
  private static TestRealm tenantB;
  private static String bMemberId;
  /** Every credential of A, by the name test names use ("owner of A", …), in table order. */
  private static Map<String, String> tokensOfA;

  @BeforeAll
  static void provisionTwoTenants(PalisadeServer palisade) {
    server = palisade;
    Tenants tenants = new Tenants(server);
    tenantA = tenants.provision(Tenants.freshName("iso-a"), "teams");
    tenantB = tenants.provision(Tenants.freshName("iso-b"), "teams");

    tenantB.createPublicClient(CLIENT);
    tenantB.createConfidentialClient(B_BACKEND, B_BACKEND_SECRET);
    allowIntrospectionOfAnyToken(tenantB, B_BACKEND);
    bMemberId = tenantB.createMember(B_MEMBER, PASSWORD, "editor").id();

    tenantA.createPublicClient(CLIENT);
    tenantA.createConfidentialClient(A_BACKEND, A_BACKEND_SECRET);
    allowIntrospectionOfAnyToken(tenantA, A_BACKEND);
    tokensOfA = new LinkedHashMap<>();
    for (String role : ROLES) {
      String username = "a-" + role;
      var member = tenantA.createMember(username, PASSWORD, role);
      tokensOfA.put(role + " of A", signInToA(username, member));
    }
    tokensOfA.put("service account of A", serviceAccountTokenOfA());
  }

  @AfterAll
  static void deleteTenants() {
    try {
      if (tenantA != null) {
        tenantA.close();
      }
    } finally {
      if (tenantB != null) {
        tenantB.close();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> noCredentialOfAReadsOrChangesAnythingInB() {
    return tokensOfA.entrySet().stream().flatMap(credential -> endpointsOfB().stream()
        .map(endpoint -> DynamicTest.dynamicTest(credential.getKey() + " → " + endpoint.name(),
            () -> assertRefused(credential.getKey(), credential.getValue(), endpoint))));
  }

  /** Control: without it, a broken token or URL would make every refusal above pass. */
  @Test
  void theOwnerOfAReadsTheCatalogueAndTheMembersOfA() {
    String owner = tokensOfA.get("owner of A");

    var catalogue = Rest.send("GET", adminUrl(tenantA, "/permissions/catalogue"), owner, null,
        null);
    var members = Rest.send("GET", adminUrl(tenantA, "/users"), owner, null, null);

    assertThat(catalogue.status()).as(catalogue.body()).isEqualTo(200);
    assertThat(members.status()).as(members.body()).isEqualTo(200);
    for (String list : List.of("/permissions/members", "/permissions/caller", "/mfa/users",
        "/invitations")) {
      var answer = Rest.send("GET", adminUrl(tenantA, list), owner, null, null);
      assertThat(answer.status()).as(list + ": " + answer.body()).isEqualTo(200);
    }
  }

  /** Control for the realm-level endpoints: the least privileged token works at home. */
  @Test
  void theViewerOfAReadsTheirOwnUserinfoAndAccount() {
    String viewer = tokensOfA.get("viewer of A");

    var userinfo = Rest.send("GET", userinfoUrl(tenantA), viewer, null, null);
    var account = getAcceptingJson(realmUrl(tenantA) + "/account", viewer);

    assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
    assertThat(userinfo.json()).containsEntry("preferred_username", "a-viewer");
    assertThat(account.status()).as(account.body()).isEqualTo(200);
    var mine = Rest.send("GET", realmUrl(tenantA) + "/palisade-account/me", viewer, null, null);
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    assertThat(mine.json()).containsEntry("role", "viewer");
  }

  @Test
  void bsIntrospectionFindsNoTokenOfAActive() {
    for (var credential : tokensOfA.entrySet()) {
      String token = credential.getValue();

      var atHome = introspect(tenantA, A_BACKEND, A_BACKEND_SECRET, token);
      // B's backend may introspect any of B's tokens, so only the tenant can make it refuse.
      var byB = introspect(tenantB, B_BACKEND, B_BACKEND_SECRET, token);
      // A's backend is no client of B, whatever its secret.
      var byAsClientAtB = introspect(tenantB, A_BACKEND, A_BACKEND_SECRET, token);

      assertThat(atHome.json()).as("control: %s is live in A", credential.getKey())
          .containsEntry("active", true);
      assertThat(byB.status()).as(byB.body()).isEqualTo(200);
      assertThat(byB.json()).as(credential.getKey()).containsEntry("active", false)
          .doesNotContainKeys("sub", "username", "tenant", "permissions");
      assertThat(byAsClientAtB.status()).as(byAsClientAtB.body()).isEqualTo(401);
    }
  }

  @Test
  void bsUserinfoAnswersNoTokenOfA() {
    tokensOfA.forEach((credential, token) -> {
      var get = Rest.send("GET", userinfoUrl(tenantB), token, null, null);
      var post = Rest.send("POST", userinfoUrl(tenantB), token, null, null);

      assertThat(get.status()).as("%s, GET: %s", credential, get.body()).isEqualTo(401);
      assertThat(post.status()).as("%s, POST: %s", credential, post.body()).isEqualTo(401);
    });
  }

  @Test
  void aCannotChangeTheProfileOfBsMember() {
    tokensOfA.forEach((credential, token) -> assertRefused(credential, token, putBMember()));

    assertThat(tenantB.resource().users().get(bMemberId).toRepresentation().getFirstName())
        .isEqualTo("Test");
  }

  @Test
  void aCannotChangeThePermissionsOfBsMember() {
    tokensOfA.forEach((credential, token) ->
        assertRefused(credential, token, putPermissionsOfBMember()));

    var asOperator = Rest.send("GET", adminUrl(tenantB, "/permissions/members/" + bMemberId),
        new Tenants(server).operatorToken(), null, null);
    assertThat(asOperator.status()).as(asOperator.body()).isEqualTo(200);
    assertThat(asOperator.json()).containsEntry("role", "editor")
        .containsEntry("grant", List.of()).containsEntry("revoke", List.of());
  }

  /** The console's writes into B, by A's Owner: refused, and B is as it was. */
  @Test
  void aNeitherInvitesIntoBNorResetsTheFactorsOfBsMember() {
    String owner = tokensOfA.get("owner of A");
    var invite = Rest.send("POST", adminUrl(tenantB, "/invitations"), owner, "application/json",
        "{\"email\":\"intruder@b.test\",\"role\":\"owner\"}");
    var reset = Rest.send("POST", adminUrl(tenantB, "/mfa/users/" + bMemberId + "/reset"), owner,
        null, null);

    assertThat(invite.status()).as(invite.body()).isIn(401, 403);
    assertThat(reset.status()).as(reset.body()).isIn(401, 403);
    assertThat(tenantB.resource().users().searchByEmail("intruder@b.test", true)).isEmpty();
    assertThat(tenantB.resource().users().get(bMemberId).credentials())
        .extracting(credential -> credential.getType()).contains("otp");
  }

  /** A's members are people of A only: their username and password mean nothing at B. */
  @Test
  void aMemberOfACannotSignInToB() {
    var driver = OidcLoginDriver.begin(server, tenantB, CLIENT)
        .loginWithPassword("a-owner", PASSWORD);

    assertThat(driver.finished()).as("no code from B").isFalse();
    assertThat(driver.currentPage().selectFirst("input[name=otp]"))
        .as("the password was not accepted, so no code prompt").isNull();
  }

  /** The ways into B, named as they read in test names. */
  private static List<Endpoint> endpointsOfB() {
    String member = "/users/" + bMemberId;
    return List.of(
        admin("GET members of B", "GET", "/users", null),
        admin("GET B member", "GET", member, null),
        putBMember(),
        // Without Accept: application/json, Keycloak serves the account console page instead.
        new Endpoint("GET account of B",
            token -> getAcceptingJson(realmUrl(tenantB) + "/account", token)),
        new Endpoint("GET userinfo of B",
            token -> Rest.send("GET", userinfoUrl(tenantB), token, null, null)),
        admin("GET audit events of B", "GET", "/audit/events", null),
        admin("GET permission catalogue of B", "GET", "/permissions/catalogue", null),
        admin("GET permissions of B member", "GET", "/permissions/members/" + bMemberId, null),
        putPermissionsOfBMember(),
        admin("PUT permission catalogue of B", "PUT", "/permissions/catalogue",
            EMPTY_CATALOGUE),
        admin("GET MFA status of B member", "GET", "/mfa/users/" + bMemberId, null),
        // What the admin console's Palisade pages and the account console's page read and do.
        admin("GET members list of B", "GET", "/permissions/members", null),
        admin("GET caller view of B", "GET", "/permissions/caller", null),
        admin("GET second factors list of B", "GET", "/mfa/users", null),
        admin("POST MFA reset of B member", "POST", "/mfa/users/" + bMemberId + "/reset", null),
        admin("GET invitations of B", "GET", "/invitations", null),
        admin("POST invitation into B", "POST", "/invitations",
            "{\"email\":\"intruder@b.test\",\"role\":\"viewer\"}"),
        admin("POST invitation resend to B member", "POST",
            "/invitations/" + bMemberId + "/resend", null),
        admin("DELETE invitation of B member", "DELETE", "/invitations/" + bMemberId, null),
        new Endpoint("GET my permissions at B",
            token -> Rest.send("GET", realmUrl(tenantB) + "/palisade-account/me", token, null,
                null)));
  }

  private static Endpoint putBMember() {
    return admin("PUT B member", "PUT", "/users/" + bMemberId, RENAME);
  }

  private static Endpoint putPermissionsOfBMember() {
    return admin("PUT permissions of B member", "PUT", "/permissions/members/" + bMemberId,
        GRANT_DOCUMENTS_READ);
  }

  /** A call into tenant B's admin API, with a JSON body unless it is null. */
  private static Endpoint admin(String name, String method, String path, String jsonBody) {
    String url = adminUrl(tenantB, path);
    return new Endpoint(name, token -> Rest.send(method, url, token,
        jsonBody == null ? null : "application/json", jsonBody));
  }

  /**
   * Refused means 401 or 403 and a body with nothing of B's member in it. Keycloak answers 403
   * when a valid token of A asks for another realm's admin API, and 401 where B itself checks
   * the token (userinfo, account), since B cannot verify a token A signed.
   */
  private static void assertRefused(String credential, String token, Endpoint endpoint) {
    Rest.Response response = endpoint.call().apply(token);

    assertThat(response.status())
        .as("%s → %s answered %d: %s", credential, endpoint.name(), response.status(),
            response.body())
        .isIn(401, 403);
    assertThat(response.body()).as("%s → %s leaks B's member", credential, endpoint.name())
        .doesNotContain(bMemberId).doesNotContainIgnoringCase(B_MEMBER);
  }

  private static String signInToA(String username, TestRealm.TotpUser member) {
    return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenantA, CLIENT),
        username, PASSWORD, member.totp()).exchangeCode().get("access_token");
  }

  private static String serviceAccountTokenOfA() {
    var response = Rest.postForm(realmUrl(tenantA) + "/protocol/openid-connect/token",
        Map.of("grant_type", "client_credentials", "client_id", A_BACKEND,
            "client_secret", A_BACKEND_SECRET));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return (String) response.json().get("access_token");
  }

  /**
   * Keycloak 26 lets a client introspect only tokens naming it in their audience; lifting that
   * for the backends means "active: false" at B can only come from the tenant boundary.
   */
  private static void allowIntrospectionOfAnyToken(TestRealm realm, String clientId) {
    ClientRepresentation client = realm.resource().clients().findByClientId(clientId).get(0);
    Map<String, String> attributes = new HashMap<>();
    if (client.getAttributes() != null) {
      attributes.putAll(client.getAttributes());
    }
    attributes.put(INTROSPECT_ANY_TOKEN, "true");
    client.setAttributes(attributes);
    realm.resource().clients().get(client.getId()).update(client);
  }

  private static Rest.Response introspect(TestRealm realm, String clientId, String secret,
      String token) {
    return Rest.postForm(realmUrl(realm) + "/protocol/openid-connect/token/introspect",
        Map.of("client_id", clientId, "client_secret", secret, "token", token));
  }

  /** A GET asking for JSON: Rest sends no Accept header, and the account API needs one. */
  private static Rest.Response getAcceptingJson(String url, String token) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET()
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Rest.Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String realmUrl(TestRealm realm) {
    return server.baseUrl() + "/realms/" + realm.name();
  }

  private static String userinfoUrl(TestRealm realm) {
    return realmUrl(realm) + "/protocol/openid-connect/userinfo";
  }

  private static String adminUrl(TestRealm realm, String path) {
    return server.baseUrl() + "/admin/realms/" + realm.name() + path;
  }

  /** One way into tenant B: its name in test names, and the call, made with a given token. */
  private record Endpoint(String name, Function<String, Rest.Response> call) {
  }
}
