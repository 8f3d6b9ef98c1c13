package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * {@code GET /admin/realms/{realm}/mfa/users}, the list behind the console's Second factors
 * page: what it shows of each member, that {@code mayReset} is the reset's own answer, its
 * paging and bad input, and that a tenant sees only its own members.
 */
@ExtendWith(PalisadeServer.class)
class SecondFactorsApiIT {

  private static final String CLIENT = "factors-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static PalisadeServer server;
  private static TestRealm tenant;
  private static AuditApi audit;
  private static TestRealm.TotpUser owner;
  private static TestRealm.TotpUser admin;
  private static TestRealm.TotpUser viewer;
  private static String ownerToken;
  private static String adminToken;

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    tenant = new Tenants(server).provision(Tenants.freshName("factors"), "teams");
    tenant.createPublicClient(CLIENT);
    owner = tenant.createMember("olga", PASSWORD, "owner");
    admin = tenant.createMember("adam", PASSWORD, "admin");
    viewer = tenant.createMember("vic", PASSWORD, "viewer");
    tenant.createMember("eddie", PASSWORD, "editor");
    audit = new AuditApi(server);
  }

  @AfterAll
  static void deleteTenant() {
    tenant.close();
  }

  @Nested
  class WhatItShows {

    @Test
    void eachMemberWithTheirFactorsAndRole() {
      var members = byUsername(list(ownerToken(), Map.of()));

      assertThat(members.get("eddie")).containsEntry("email", "eddie@palisade.test")
          .containsEntry("role", "editor").containsEntry("enrolled", true)
          .containsKey("id");
      @SuppressWarnings("unchecked")
      var factors = (List<Map<String, Object>>) members.get("eddie").get("factors");
      assertThat(factors).singleElement().satisfies(factor -> {
        assertThat(factor).containsEntry("type", "otp").containsEntry("label", "app 0");
        assertThat(((Number) factor.get("created")).longValue())
            .isPositive().isLessThan(Instant.now().plusSeconds(60).toEpochMilli());
        assertThat(factor).doesNotContainKeys("secretData", "credentialData", "value");
      });
      assertThat(members.get("olga")).containsEntry("role", "owner");
      assertThat(members.get("adam")).containsEntry("role", "admin");
    }

    @Test
    void theProvisionedOwnerHasNotEnrolledYet() {
      var members = list(ownerToken(), Map.of());

      var provisioned = members.stream()
          .filter(member -> ("owner@" + tenant.name() + ".test").equals(member.get("email")))
          .findFirst().orElseThrow();
      assertThat(provisioned).containsEntry("enrolled", false)
          .containsEntry("factors", List.of()).containsEntry("role", "owner");
    }

    @Test
    void theLastSignInWithASecondFactorComesFromTheTrail() {
      String token = ownerToken();
      var login = audit.awaitEvents(tenant.name(), Map.of("action", "LOGIN", "target", owner.id(),
          "outcome", "success"), records -> !records.isEmpty()).get(0);
      assertThat(AuditApi.object(login, "details").get("factors")).asInstanceOf(LIST)
          .contains("otp");

      var members = byUsername(list(token, Map.of()));

      assertThat(members.get("olga")).containsEntry("lastSecondFactorSignIn", login.get("time"));
      assertThat(members.get("eddie")).as("never signed in")
          .containsEntry("lastSecondFactorSignIn", null);
    }
  }

  @Nested
  class Resets {

    @Test
    void anAdminMayNotResetAnOwnersFactorsAndTheListSaysSo() {
      var members = byUsername(list(adminToken(), Map.of()));

      assertThat(members.get("olga")).containsEntry("mayReset", false);
      assertThat(members.get("eddie")).containsEntry("mayReset", true);
      assertThat(members.get("adam")).containsEntry("mayReset", true);
    }

    @Test
    void theRefusedResetIsStillRefusedWhenForced() {
      var forced = Rest.send("POST", mfaUrl(tenant, "users/" + owner.id() + "/reset"),
          adminToken(), null, null);

      assertThat(forced.status()).isEqualTo(403);
      assertThat(forced.json()).containsEntry("error", "owner_only");
      assertThat(credentialTypes(owner.id())).contains("otp");
    }

    @Test
    void anOwnerMayResetAnAdminsFactorsAndDoes() {
      var alex = tenant.createMember("alex", PASSWORD, "admin");

      var members = byUsername(list(ownerToken(), Map.of()));
      assertThat(members.get("alex")).containsEntry("mayReset", true);
      assertThat(members.get("olga")).as("another owner, or oneself").containsEntry("mayReset",
          true);

      var reset = Rest.send("POST", mfaUrl(tenant, "users/" + alex.id() + "/reset"), ownerToken(),
          null, null);
      assertThat(reset.status()).isEqualTo(200);
      assertThat(credentialTypes(alex.id())).doesNotContain("otp");
      assertThat(byUsername(list(ownerToken(), Map.of())).get("alex"))
          .containsEntry("enrolled", false).containsEntry("factors", List.of());
    }

    @Test
    void aMemberWithoutViewUsersSeesNothing() {
      String viewerToken = (String) signIn("vic", viewer).get("access_token");

      var response = Rest.send("GET", mfaUrl(tenant, "users"), viewerToken, null, null);

      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).doesNotContain("olga");
    }
  }

  @Nested
  class Paging {

    @Test
    void firstAndMaxPageThroughMembersByUsername() {
      var all = list(ownerToken(), Map.of("max", "100"));
      assertThat(all).hasSizeGreaterThanOrEqualTo(5);

      var page = list(ownerToken(), Map.of("first", "1", "max", "2"));

      assertThat(page).extracting(member -> member.get("username"))
          .containsExactlyElementsOf(all.subList(1, 3).stream()
              .map(member -> member.get("username")).toList());
      assertThat(list(ownerToken(), Map.of("first", "1000"))).isEmpty();
    }

    @Test
    void searchFindsMembersByName() {
      assertThat(list(ownerToken(), Map.of("search", "eddie")))
          .extracting(member -> member.get("username")).containsExactly("eddie");
    }

    @ParameterizedTest
    @ValueSource(strings = {"max=0", "max=101", "max=-3", "first=-1", "first=one", "max=2.5",
        "max=99999999999", "search=a%0Ab"})
    void badPagingOrSearchIsA400WithAJsonError(String query) {
      var response = Rest.send("GET", mfaUrl(tenant, "users") + "?" + query, ownerToken(), null,
          null);

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.json()).containsEntry("error", "invalid_request")
          .containsKey("error_description");
    }

    /** Keycloak itself refuses a NUL in any query parameter, with its own JSON error. */
    @Test
    void aNulInTheSearchIsA400() {
      var response = Rest.send("GET", mfaUrl(tenant, "users") + "?search=a%00", ownerToken(), null,
          null);

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.json()).containsKey("error");
    }

    @Test
    void anOverlongSearchIsA400() {
      var response = Rest.send("GET", mfaUrl(tenant, "users") + "?search=" + "a".repeat(256),
          ownerToken(), null, null);

      assertThat(response.status()).isEqualTo(400);
    }
  }

  @Nested
  class TenantIsolation {

    @Test
    void aTenantAdminCannotListAnotherTenantsMembers() {
      try (TestRealm other = new Tenants(server).provision(Tenants.freshName("factors-b"),
          "teams")) {
        other.createMember("bella", PASSWORD, "admin");

        var across = Rest.send("GET", mfaUrl(other, "users"), adminToken(), null, null);
        var resetAcross = Rest.send("POST", mfaUrl(other, "users/" + owner.id() + "/reset"),
            adminToken(), null, null);
        var operatorView = Rest.send("GET", mfaUrl(other, "users"),
            server.admin().tokenManager().getAccessTokenString(), null, null);

        assertThat(across.status()).isIn(401, 403);
        assertThat(across.body()).doesNotContain("bella");
        assertThat(resetAcross.status()).isIn(401, 403, 404);
        assertThat(operatorView.status()).isEqualTo(200);
        assertThat(operatorView.body()).contains("bella").doesNotContain("olga", "adam");
        assertThat(credentialTypes(owner.id())).contains("otp");
      }
    }
  }

  private static List<Map<String, Object>> list(String token, Map<String, String> query) {
    String queryString = query.isEmpty() ? "" : "?" + OidcLoginDriver.formEncode(query);
    var response = Rest.send("GET", mfaUrl(tenant, "users") + queryString, token, null, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json(new TypeReference<>() { });
  }

  private static Map<String, Map<String, Object>> byUsername(List<Map<String, Object>> members) {
    return members.stream().collect(Collectors.toMap(
        member -> (String) member.get("username"), member -> member));
  }

  private static Map<String, Object> signIn(String username, TestRealm.TotpUser member) {
    return SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, CLIENT), username,
        PASSWORD, member.totp()).exchangeCode();
  }

  /** The owner's access token, signed in once: each sign-in spends a fresh TOTP code. */
  private static synchronized String ownerToken() {
    if (ownerToken == null) {
      ownerToken = (String) signIn("olga", owner).get("access_token");
    }
    return ownerToken;
  }

  private static synchronized String adminToken() {
    if (adminToken == null) {
      adminToken = (String) signIn("adam", admin).get("access_token");
    }
    return adminToken;
  }

  private static List<String> credentialTypes(String userId) {
    return tenant.resource().users().get(userId).credentials().stream()
        .map(CredentialRepresentation::getType).toList();
  }

  private static String mfaUrl(TestRealm realm, String path) {
    return server.baseUrl() + "/admin/realms/" + realm.name() + "/mfa/" + path;
  }
}
