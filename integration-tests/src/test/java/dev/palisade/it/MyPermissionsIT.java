package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestTls;
import dev.palisade.testing.Totp;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * {@code GET /realms/{tenant}/palisade-account/me}, the account console's "Permissions" page:
 * it shows what the person's tokens carry, explains their last second factor, answers only the
 * person's own valid token of that tenant, and changes nothing.
 */
@ExtendWith(PalisadeServer.class)
class MyPermissionsIT {

  private static final String CLIENT = "my-app";
  private static final String SHORT_LIVED_CLIENT = "my-app-short-lived";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static PalisadeServer server;
  private static TestRealm tenant;
  private static TestRealm otherTenant;
  private static TestRealm.TotpUser owner;
  private static String ownerToken;

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    Tenants tenants = new Tenants(server);
    tenant = tenants.provision(Tenants.freshName("mine"), "teams");
    otherTenant = tenants.provision(Tenants.freshName("theirs"), "teams");
    tenant.createPublicClient(CLIENT);
    otherTenant.createPublicClient(CLIENT);
    owner = tenant.createMember("olga", PASSWORD, "owner");
  }

  @AfterAll
  static void deleteTenants() {
    tenant.close();
    otherTenant.close();
  }

  @Nested
  class WhatThePageShows {

    @Test
    void exactlyWhatAFreshAccessTokenCarriesBeforeAndAfterAnAdminChangesTheOverrides() {
      var erin = tenant.createMember("erin", PASSWORD, "editor");
      String before = accessToken(tenant, "erin", erin.totp());

      var first = me(tenant, before);
      assertThat(first.status()).isEqualTo(200);
      assertSameAsToken(first.json(), before);
      assertThat(first.json()).containsEntry("role", "editor")
          .containsEntry("grant", List.of()).containsEntry("revoke", List.of());

      var changed = Rest.send("PUT", permissionsUrl("members/" + erin.id()), ownerToken(),
          "application/json", Rest.json(Map.of("grant", List.of("documents.delete"),
              "revoke", List.of("members.read"))));
      assertThat(changed.status()).isEqualTo(200);
      String after = accessToken(tenant, "erin", erin.totp());

      var second = me(tenant, after).json();
      assertSameAsToken(second, after);
      assertThat(second).containsEntry("grant", List.of("documents.delete"))
          .containsEntry("revoke", List.of("members.read"))
          .containsEntry("permissions", List.of("documents.delete", "documents.read",
              "documents.write"))
          .containsEntry("permissions", changed.json().get("effective"));
      assertThat(me(tenant, before).json().get("permissions"))
          .as("an older token still valid sees what the next token will carry")
          .isEqualTo(OidcLoginDriver.claims(after).get("permissions"));
    }

    @Test
    void theAccountConsolesOwnTokenReadsWhatTheApplicationsTokensCarry() {
      var ada = tenant.createMember("ada", PASSWORD, "viewer");
      var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant.name(),
          "account-console", server.baseUrl() + "/realms/" + tenant.name() + "/account/"),
          "ada", PASSWORD, ada.totp());
      String consoleToken = (String) driver.exchangeCode().get("access_token");

      var answer = me(tenant, consoleToken);

      assertThat(answer.status()).isEqualTo(200);
      assertSameAsToken(answer.json(), accessToken(tenant, "ada", ada.totp()));
      assertThat(answer.json()).containsEntry("role", "viewer");
    }

    @Test
    void oneStandingFactorIsTheLastOneAndTwoAreNot() {
      var solo = tenant.createMember("solo", PASSWORD, "viewer");
      var duo = tenant.createUserWithTotp("duo", PASSWORD, 2);

      var one = me(tenant, accessToken(tenant, "solo", solo.totp())).json();
      var two = me(tenant, accessToken(tenant, "duo", duo.totp())).json();

      assertThat(one).containsEntry("lastFactor", true);
      assertThat(factors(one))
          .extracting(factor -> factor.get("type"), factor -> factor.get("label"))
          .containsExactly(tuple("otp", "app 0"));
      assertThat(factors(one).get(0).get("created")).isInstanceOf(Number.class);
      assertThat(factors(one).get(0)).containsOnlyKeys("type", "label", "created");
      assertThat(two).containsEntry("lastFactor", false);
      assertThat(factors(two)).extracting(factor -> factor.get("label"))
          .containsExactlyInAnyOrder("app 0", "app 1");
      assertThat(two).as("without a base role, as in the token").doesNotContainKey("role")
          .containsEntry("tenant", tenant.name()).containsEntry("permissions", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> factors(Map<String, Object> me) {
      return (List<Map<String, Object>>) me.get("factors");
    }
  }

  @Nested
  class WhoMayAsk {

    @Test
    void withoutATokenOrWithAForgedOneNobody() {
      var ivo = tenant.createMember("ivo", PASSWORD, "editor");
      String token = accessToken(tenant, "ivo", ivo.totp());
      String[] parts = token.split("\\.");
      String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA."
          + parts[2];

      for (String bad : new String[] {null, "", "not-a-jwt", tampered}) {
        assertUnauthorized(me(tenant, bad), String.valueOf(bad));
      }
      assertUnauthorized(Rest.send("GET", meUrl(tenant), null, null, null), "no header");
    }

    @Test
    void anIdTokenIsNotAnAccessToken() {
      var ida = tenant.createMember("ida", PASSWORD, "viewer");
      var tokens = signIn(tenant, "ida", ida.totp());

      assertUnauthorized(me(tenant, (String) tokens.get("id_token")), "ID token");
    }

    @Test
    void anotherTenantsTokenIsRefusedEvenForTheSameUsername() {
      var here = tenant.createMember("sam", PASSWORD, "owner");
      var there = otherTenant.createMember("sam", PASSWORD, "viewer");
      String theirs = accessToken(otherTenant, "sam", there.totp());

      assertThat(me(otherTenant, theirs).status()).as("at its own tenant").isEqualTo(200);
      assertUnauthorized(me(tenant, theirs), "tenant B's token at tenant A");
      assertThat(me(tenant, accessToken(tenant, "sam", here.totp())).json())
          .as("tenant A's own sam").containsEntry("role", "owner");
    }

    @Test
    void aMasterTokenIsRefusedAtATenant() {
      String operator = new Tenants(server).operatorToken();

      assertUnauthorized(me(tenant, operator), "master operator's token");
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
      createShortLivedClient();
      var eve = tenant.createMember("eve", PASSWORD, "viewer");
      var driver = SecondFactorSteps.signIn(
          OidcLoginDriver.begin(server, tenant, SHORT_LIVED_CLIENT), "eve", PASSWORD,
          eve.totp());
      String token = (String) driver.exchangeCode().get("access_token");
      assertThat(me(tenant, token).status()).as("while it lives").isEqualTo(200);

      long exp = ((Number) OidcLoginDriver.claims(token).get("exp")).longValue();
      Thread.sleep(Math.max(0, exp * 1000 - System.currentTimeMillis()) + 1500);

      assertUnauthorized(me(tenant, token), "expired");
    }

    @Test
    void aTokenOfASignedOutSessionIsRefused() {
      var sid = tenant.createMember("sid", PASSWORD, "viewer");
      String token = accessToken(tenant, "sid", sid.totp());
      assertThat(me(tenant, token).status()).isEqualTo(200);

      tenant.resource().users().get(sid.id()).logout();

      assertUnauthorized(me(tenant, token), "signed out");
    }

    @Test
    void noOtherOriginIsInvitedToRead() throws IOException, InterruptedException {
      var cora = tenant.createMember("cora", PASSWORD, "viewer");
      String token = accessToken(tenant, "cora", cora.totp());
      HttpClient http = HttpClient.newBuilder().sslContext(TestTls.context()).build();

      var answer = http.send(HttpRequest.newBuilder(URI.create(meUrl(tenant)))
          .header("Authorization", "Bearer " + token)
          .header("Origin", "https://attacker.example")
          .GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(answer.headers().firstValue("Cache-Control").orElse(""))
          .contains("no-store");
    }

    private static void assertUnauthorized(Rest.Response response, String what) {
      assertThat(response.status()).as(what).isEqualTo(401);
      assertThat(response.json()).as(what).containsEntry("error", "invalid_token")
          .containsKey("error_description").doesNotContainKeys("tenant", "permissions");
    }
  }

  @Nested
  class WhatItChanges {

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void nothingOnlyReadsExist(String method) {
      var mona = tenant.createMember("mona-" + method.toLowerCase(), PASSWORD, "viewer");
      String token = accessToken(tenant, "mona-" + method.toLowerCase(), mona.totp());
      var before = me(tenant, token).json();

      var attempt = Rest.send(method, meUrl(tenant), token, "application/json",
          Rest.json(Map.of("grant", List.of("billing.manage"), "role", "owner",
              "lastFactor", false, "factors", List.of())));

      assertThat(attempt.status()).as(method).isEqualTo(405);
      assertThat(me(tenant, token).json()).isEqualTo(before);
      assertThat(Rest.send("GET", permissionsUrl("members/" + mona.id()), ownerToken(), null,
          null).json()).containsEntry("grant", List.of()).containsEntry("role", "viewer");
    }
  }

  private static void assertSameAsToken(Map<String, Object> me, String accessToken) {
    Map<String, Object> claims = OidcLoginDriver.claims(accessToken);
    assertThat(me.get("tenant")).isEqualTo(claims.get("tenant"));
    assertThat(me.get("role")).isEqualTo(claims.get("role"));
    assertThat(me.get("permissions")).isEqualTo(claims.get("permissions"));
  }

  private static Map<String, Object> signIn(TestRealm realm, String username, Totp totp) {
    return SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), username,
        PASSWORD, totp).exchangeCode();
  }

  private static String accessToken(TestRealm realm, String username, Totp totp) {
    return (String) signIn(realm, username, totp).get("access_token");
  }

  private static String ownerToken() {
    if (ownerToken == null) {
      ownerToken = accessToken(tenant, "olga", owner.totp());
    }
    return ownerToken;
  }

  private static Rest.Response me(TestRealm realm, String token) {
    return Rest.send("GET", meUrl(realm), token, null, null);
  }

  private static String meUrl(TestRealm realm) {
    return server.baseUrl() + "/realms/" + realm.name() + "/palisade-account/me";
  }

  private static String permissionsUrl(String path) {
    return server.baseUrl() + "/admin/realms/" + tenant.name() + "/permissions/" + path;
  }

  /** A client whose access tokens live two seconds, so a test can watch one expire. */
  private static void createShortLivedClient() {
    if (!tenant.resource().clients().findByClientId(SHORT_LIVED_CLIENT).isEmpty()) {
      return;
    }
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(SHORT_LIVED_CLIENT);
    client.setEnabled(true);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(true);
    client.setDirectAccessGrantsEnabled(false);
    client.setRedirectUris(List.of(tenant.callbackUrl()));
    client.setAttributes(Map.of("pkce.code.challenge.method", "S256",
        "access.token.lifespan", "2"));
    try (Response response = tenant.resource().clients().create(client)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }
}
