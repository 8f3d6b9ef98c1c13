package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestTls;
import dev.palisade.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's own account console in a tenant: the token the {@code account-console} client gets
 * after password and second factor is one Keycloak's account REST accepts (its "Signing in"
 * page lists the person's factors), it carries the tenant's claims like every tenant client's
 * token, and the last factor still cannot be deleted through that API.
 */
@ExtendWith(PalisadeServer.class)
class TenantAccountConsoleIT {

  private static final String PASSWORD = "correct-horse-battery-staple";
  /** Keycloak's clients in every realm; a tenant gets them from Keycloak, not the template. */
  private static final List<String> BUILT_IN_CLIENTS = List.of("account", "account-console",
      "admin-cli", "broker", "realm-management", "security-admin-console");

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .sslContext(TestTls.context()).build();

  private static PalisadeServer server;
  private static TestRealm tenant;

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    tenant = new Tenants(server).provision(Tenants.freshName("signing-in"), "teams");
  }

  @AfterAll
  static void deleteTenant() {
    tenant.close();
  }

  @Nested
  class SigningInPage {

    @Test
    void aMembersConsoleTokenIsForTheAccountApiAndCarriesTheTenantsClaims() {
      var mia = tenant.createMember("mia", PASSWORD, "editor");

      String token = consoleToken(tenant.name(), "mia", mia.totp());

      Map<String, Object> claims = OidcLoginDriver.claims(token);
      assertThat(audiences(claims)).as("aud of %s", claims).contains("account");
      assertThat(claims).containsEntry("azp", "account-console")
          .containsEntry("tenant", tenant.name()).containsEntry("role", "editor")
          .containsEntry("permissions", List.of("documents.read", "documents.write",
              "members.read"));
    }

    @Test
    void keycloaksAccountApiListsTheAuthenticatorAppAndTheProfile() {
      var noa = tenant.createMember("noa", PASSWORD, "viewer");
      String token = consoleToken(tenant.name(), "noa", noa.totp());

      var credentials = account("GET", accountUrl(tenant.name(), "credentials"), token);
      var profile = account("GET", accountUrl(tenant.name(), ""), token);

      assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
      assertThat(otpCredentialIds(credentials)).containsExactly(credentialId(tenant, noa.id()));
      assertThat(profile.status()).as(profile.body()).isEqualTo(200);
      assertThat(profile.json()).containsEntry("id", noa.id()).containsEntry("username", "noa");
    }

    @Test
    void theLastAuthenticatorAppCannotBeDeletedThroughTheAccountApi() {
      var leo = tenant.createMember("leo", PASSWORD, "viewer");
      String token = consoleToken(tenant.name(), "leo", leo.totp());
      String otpId = credentialId(tenant, leo.id());
      assertThat(account("GET", accountUrl(tenant.name(), "credentials"), token)
          .status()).as("the API accepts this token, so a refusal is about the factor")
          .isEqualTo(200);

      var removal = account("DELETE", accountUrl(tenant.name(), "credentials/" + otpId), token);

      assertThat(removal.status()).as(removal.body()).isBetween(400, 499).isNotEqualTo(401);
      assertThat(removal.body()).doesNotContain("Exception", "at org.");
      assertThat(credentialId(tenant, leo.id())).isEqualTo(otpId);
    }
  }

  @Nested
  class BuiltInClients {

    @Test
    void eachHasThePalisadeScopeAsADefaultScope() {
      Map<String, List<String>> scopes = new TreeMap<>();
      for (ClientRepresentation client : tenant.resource().clients().findAll()) {
        if (BUILT_IN_CLIENTS.contains(client.getClientId())) {
          scopes.put(client.getClientId(), client.getDefaultClientScopes());
        }
      }

      assertThat(scopes).containsOnlyKeys(BUILT_IN_CLIENTS);
      assertThat(scopes).allSatisfy((client, defaults) ->
          assertThat(defaults).as(client).contains("palisade", "roles", "profile", "email"));
    }
  }

  /** The demo tenant exactly as the image ships it for {@code --import-realm}. */
  @Nested
  class DemoTenant {

    @Test
    void theDemoUsersConsoleTokenIsAcceptedByTheAccountApi() throws IOException {
      String shipped = server.container().copyFileFromContainer(
          "/opt/keycloak/data/import/demo-realm.json",
          in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
      // Under a fresh name, as the server may hold the demo tenant already; its default role is
      // named after the realm.
      String name = Tenants.freshName("demo");
      RealmRepresentation demo = JsonSerialization.readValue(
          shipped.replace("\"default-roles-demo\"", "\"default-roles-" + name + "\""),
          RealmRepresentation.class);
      demo.setRealm(name);
      server.admin().realms().create(demo);
      try (TestRealm imported = TestRealm.adopt(server, name)) {
        var driver = OidcLoginDriver.begin(server, imported.name(), "account-console",
            consoleUrl(imported.name())).loginWithPassword("demo", "palisade-demo-2026");
        SecondFactorSteps.enrolAuthenticatorApp(driver);
        String token = (String) driver.exchangeCode().get("access_token");

        var credentials = account("GET", accountUrl(imported.name(), "credentials"), token);

        assertThat(audiences(OidcLoginDriver.claims(token))).contains("account");
        assertThat(OidcLoginDriver.claims(token)).containsEntry("tenant", imported.name())
            .containsEntry("role", "owner");
        assertThat(credentials.status()).as(credentials.body()).isEqualTo(200);
        assertThat(otpCredentialIds(credentials)).hasSize(1);
      }
    }
  }

  private static String consoleToken(String realm, String username, Totp totp) {
    return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm,
        "account-console", consoleUrl(realm)), username, PASSWORD, totp)
        .exchangeCode().get("access_token");
  }

  /** A call to Keycloak's account REST API, which answers JSON only to those who ask for it. */
  private static Rest.Response account(String method, String url, String token) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .header("Authorization", "Bearer " + token).header("Accept", "application/json")
          .method(method, HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Rest.Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String consoleUrl(String realm) {
    return server.baseUrl() + "/realms/" + realm + "/account/";
  }

  private static String accountUrl(String realm, String path) {
    return server.baseUrl() + "/realms/" + realm + "/account/" + path;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> audiences(Map<String, Object> claims) {
    Object aud = claims.get("aud");
    return aud instanceof Collection<?> many ? List.copyOf((Collection<Object>) many)
        : aud == null ? List.of() : List.of(aud);
  }

  /** The ids of the otp credentials on Keycloak's account REST "credentials" answer. */
  @SuppressWarnings("unchecked")
  private static List<Object> otpCredentialIds(Rest.Response credentials) {
    return credentials.json(new TypeReference<List<Map<String, Object>>>() { }).stream()
        .filter(type -> "otp".equals(type.get("type")))
        .flatMap(type -> ((List<Map<String, Object>>) type.get("userCredentialMetadatas"))
            .stream())
        .map(metadata -> ((Map<String, Object>) metadata.get("credential")).get("id"))
        .toList();
  }

  private static String credentialId(TestRealm realm, String userId) {
    return realm.resource().users().get(userId).credentials().stream()
        .filter(credential -> "otp".equals(credential.getType()))
        .map(CredentialRepresentation::getId).findFirst().orElseThrow();
  }
}
