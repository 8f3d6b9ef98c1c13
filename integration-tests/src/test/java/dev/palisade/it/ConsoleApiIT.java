package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the admin console's Members and Permission catalogue pages read: the caller view
 * ({@code GET …/permissions/caller}), which must offer exactly what the changes accept, and the
 * members list ({@code GET …/permissions/members}), paged, searched, and closed to other
 * tenants.
 */
@ExtendWith(PalisadeServer.class)
class ConsoleApiIT {

  private static final String CLIENT = "console-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final List<String> ALL = List.of("audit.read", "billing.manage",
      "billing.read", "documents.delete", "documents.read", "documents.write", "members.manage",
      "members.read", "settings.manage");
  private static final List<String> ADMIN = List.of("audit.read", "documents.delete",
      "documents.read", "documents.write", "members.manage", "members.read", "settings.manage");

  private static PalisadeServer server;
  private static TestRealm tenant;
  private static TestRealm other;
  private static final Map<String, String> tokens = new HashMap<>();
  private static final Map<String, TestRealm.TotpUser> people = new HashMap<>();

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    tenant = new Tenants(server).provision(Tenants.freshName("console"), "teams");
    other = new Tenants(server).provision(Tenants.freshName("console-b"), "teams");
    tenant.createPublicClient(CLIENT);
    other.createPublicClient(CLIENT);
    people.put("olga", tenant.createMember("olga", PASSWORD, "owner"));
    people.put("adam", tenant.createMember("adam", PASSWORD, "admin"));
    var eddie = tenant.createMember("eddie", PASSWORD, "editor");
    // Sees the members (view-users) but may not manage them.
    tenant.grantRealmManagementRoles(eddie.id(), "view-users", "query-users");
    people.put("eddie", eddie);
    people.put("edna", tenant.createMember("edna", PASSWORD, "editor"));
    people.put("bert", other.createMember("bert", PASSWORD, "admin"));
  }

  @AfterAll
  static void deleteTenants() {
    tenant.close();
    other.close();
  }

  @Nested
  class TheCallerView {

    @Test
    void anOwnerMayGrantEverythingGiveEveryRoleAndEditTheCatalogue() {
      var caller = get(token("olga"), tenant, "caller");

      assertThat(caller.status()).as(caller.body()).isEqualTo(200);
      assertThat(caller.json()).containsEntry("role", "owner").containsEntry("mayGrant", ALL)
          .containsEntry("mayInviteRoles", List.of("owner", "admin", "editor", "viewer"))
          .containsEntry("mayEditCatalogue", true);
    }

    @Test
    void anAdminMayGrantWhatTheyHoldAndGiveOnlyTheRolesBelowTheirs() {
      var caller = get(token("adam"), tenant, "caller");

      assertThat(caller.status()).as(caller.body()).isEqualTo(200);
      assertThat(caller.json()).containsEntry("role", "admin").containsEntry("mayGrant", ADMIN)
          .containsEntry("mayInviteRoles", List.of("editor", "viewer"))
          .containsEntry("mayEditCatalogue", false);
    }

    @Test
    void anEditorWhoSeesMembersButMayNotManageThemMayChangeNothing() {
      var caller = get(token("eddie"), tenant, "caller");

      assertThat(caller.status()).as(caller.body()).isEqualTo(200);
      assertThat(caller.json()).containsEntry("role", "editor")
          .containsEntry("mayGrant", List.of()).containsEntry("mayInviteRoles", List.of())
          .containsEntry("mayEditCatalogue", false);
      var vic = tenant.createMember("vic-eddie", PASSWORD, "viewer");
      assertThat(put(token("eddie"), vic.id(), Map.of("grant", List.of("documents.read")))
          .status()).as("the change itself is refused too").isEqualTo(403);
    }

    @Test
    void anEditorWithoutAdminRightsIsRefused() {
      var caller = get(token("edna"), tenant, "caller");

      assertThat(caller.status()).isEqualTo(403);
      assertThat(get(token("edna"), tenant, "members").status()).isEqualTo(403);
    }

    @Test
    void anOperatorIsNoMemberAndMayDoEverything() {
      var caller = get(operatorToken(), tenant, "caller");

      assertThat(caller.status()).as(caller.body()).isEqualTo(200);
      assertThat(caller.json().get("role")).isNull();
      assertThat(caller.json()).containsEntry("mayGrant", ALL)
          .containsEntry("mayInviteRoles", List.of("owner", "admin", "editor", "viewer"))
          .containsEntry("mayEditCatalogue", true);
    }

    /** The console greys out what is not in mayGrant; forcing it through the API fails. */
    @Test
    void aGreyedGrantForcedThroughTheApiIsStillRefused() {
      var vera = tenant.createMember("vera-forced", PASSWORD, "viewer");
      @SuppressWarnings("unchecked")
      var mayGrant = (List<String>) get(token("adam"), tenant, "caller").json().get("mayGrant");
      assertThat(mayGrant).doesNotContain("billing.manage").contains("documents.write");

      var forced = put(token("adam"), vera.id(), Map.of("grant", List.of("billing.manage")));

      assertThat(forced.status()).isEqualTo(403);
      assertThat(forced.json()).containsEntry("error", "not_held");
      assertThat(get(token("olga"), tenant, "members/" + vera.id()).json())
          .containsEntry("grant", List.of());
      assertThat(put(token("adam"), vera.id(), Map.of("grant", List.of("documents.write")))
          .status()).as("what is offered is accepted").isEqualTo(200);
    }

    @Test
    void anAdminCannotChangeAnOwnerAlthoughTheyMayGrantThePermission() {
      var onyx = tenant.createMember("onyx", PASSWORD, "owner");

      var forced = put(token("adam"), onyx.id(), Map.of("revoke", List.of("documents.read")));

      assertThat(forced.status()).isEqualTo(403);
      assertThat(forced.json()).containsEntry("error", "owner_only");
    }
  }

  @Nested
  class TheMembersList {

    @Test
    void listsMembersWithRoleOverridesAndEffectivePermissions() {
      var pia = tenant.createMember("list-pia", PASSWORD, "viewer");
      assertThat(put(token("olga"), pia.id(), Map.of("grant", List.of("documents.write"),
          "revoke", List.of("members.read"))).status()).isEqualTo(200);

      var members = list(token("adam"), tenant, "search=list-pia");

      assertThat(members).hasSize(1);
      assertThat(members.get(0)).containsEntry("id", pia.id())
          .containsEntry("username", "list-pia").containsEntry("role", "viewer")
          .containsEntry("grant", List.of("documents.write"))
          .containsEntry("revoke", List.of("members.read"))
          .containsEntry("effective", List.of("documents.read", "documents.write"))
          .containsKeys("email", "firstName", "lastName");
    }

    @Test
    void pagesThroughASearchInUsernameOrder() {
      for (String name : List.of("page-a", "page-b", "page-c", "page-d", "page-e")) {
        tenant.createMember(name, PASSWORD, "viewer");
      }

      assertThat(usernames(list(token("adam"), tenant, "search=page-&first=0&max=2")))
          .containsExactly("page-a", "page-b");
      assertThat(usernames(list(token("adam"), tenant, "search=page-&first=2&max=2")))
          .containsExactly("page-c", "page-d");
      assertThat(usernames(list(token("adam"), tenant, "search=page-&first=4&max=2")))
          .containsExactly("page-e");
      assertThat(list(token("adam"), tenant, "search=no-such-member")).isEmpty();
      assertThat(usernames(list(token("adam"), tenant, "max=1000")))
          .as("max is capped, not refused").contains("adam", "olga").hasSizeLessThanOrEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({"first=-1", "max=0", "max=-5", "first=abc", "max=1.5",
        "max=99999999999999999999"})
    void badPagingIsA400WithAJsonError(String query) {
      var answer = get(token("adam"), tenant, "members?" + query);

      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(answer.json()).containsEntry("error", "invalid_request")
          .containsKey("error_description");
    }

    @Test
    void anOversizedSearchIsA400() {
      var answer = get(token("adam"), tenant, "members?search=" + "x".repeat(300));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json()).containsEntry("error", "invalid_request");
    }

    @Test
    void anAdminOfAnotherTenantSeesNothing() {
      assertThat(list(token("bert"), other, "")).extracting(m -> m.get("username"))
          .as("bert lists his own tenant").contains("bert");

      for (String path : List.of("members", "members?search=olga", "caller")) {
        var answer = get(token("bert"), tenant, path);
        assertThat(answer.status()).as(path).isIn(401, 403);
        assertThat(answer.body()).as(path).doesNotContain("olga", "adam",
            people.get("olga").id());
      }
    }
  }

  private static List<String> usernames(List<Map<String, Object>> members) {
    return members.stream().map(m -> (String) m.get("username")).toList();
  }

  private static List<Map<String, Object>> list(String token, TestRealm realm, String query) {
    var answer = get(token, realm, "members" + (query.isEmpty() ? "" : "?" + query));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json(new TypeReference<>() { });
  }

  private static Rest.Response get(String token, TestRealm realm, String path) {
    return Rest.send("GET", server.baseUrl() + "/admin/realms/" + realm.name()
        + "/permissions/" + path, token, null, null);
  }

  private static Rest.Response put(String token, String memberId, Map<String, ?> body) {
    return Rest.send("PUT", server.baseUrl() + "/admin/realms/" + tenant.name()
        + "/permissions/members/" + memberId, token, "application/json", Rest.json(body));
  }

  private static String operatorToken() {
    return new Tenants(server).operatorToken();
  }

  /** A member's access token, signed in once: each sign-in spends a fresh TOTP code. */
  private static String token(String username) {
    return tokens.computeIfAbsent(username, name -> {
      TestRealm realm = "bert".equals(name) ? other : tenant;
      return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT),
          name, PASSWORD, people.get(name).totp()).exchangeCode().get("access_token");
    });
  }
}
