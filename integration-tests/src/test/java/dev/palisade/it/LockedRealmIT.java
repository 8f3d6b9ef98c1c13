package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcBroker;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Workspace;
import jakarta.ws.rs.core.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Invariants 7 and 8 on the Palisade image: nobody inside a tenant, the Owner included, and not
 * even an operator through the admin API, can weaken what makes every sign-in need a second
 * factor (Palisade's required actions, flows and their bindings, per-client overrides, mappers
 * that forge Palisade's claims or grant administrative roles, brute-force protection); and what
 * only an Owner may do stays out of an Admin's reach. Each attack is replayed with the caller's
 * real token and judged by its outcome: the state read back afterwards, a sign-in that still
 * asks for the second factor, a token without the role, the refusal in the audit trail.
 *
 * <p>Every refusal answers {@code 403 {"error":"locked_setting"|"owner_only",
 * "error_description":…}} and is recorded as {@code POLICY_REFUSED} with
 * {@code outcome=failure:<error>} and the refused setting in {@code details.setting}. Where a
 * tenant Admin lacks the Keycloak role a change needs at all, Keycloak's own 403 is enough and
 * only the status is asserted. Each nested class provisions a tenant of its own.
 */
@ExtendWith(PalisadeServer.class)
class LockedRealmIT {

  private static final String PASSWORD = Workspace.PASSWORD;
  private static final String APP = Workspace.APP;
  private static final String LOCKED = "locked_setting";
  private static final String OWNER_ONLY = "owner_only";
  private static final String BROWSER = "palisade browser";
  private static final String DIRECT_GRANT = "palisade direct grant";
  private static final String RESET_CREDENTIALS = "palisade reset credentials";
  private static final String FIRST_BROKER_LOGIN = "palisade first broker login";
  private static final String POST_BROKER_LOGIN = "palisade post broker login";
  private static final String SECOND_FACTOR_ACTION = "palisade-second-factor";
  private static final String WEAK = "weak";

  private static PalisadeServer server;
  private static AuditApi audit;

  @BeforeAll
  static void connect(PalisadeServer palisade) {
    server = palisade;
    audit = new AuditApi(server);
  }

  /** a. The required action that makes everyone enrol and checks every sign-in. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class RequiredActions {

    private static final String PATH = "authentication/required-actions/";

    private Workspace ws;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-ra");
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void theSecondFactorCheckCannotBeSwitchedOffOrRemovedEvenByAnOperator() {
      Instant since = now();
      Map<String, Object> disabled = new LinkedHashMap<>(ws.read(PATH + SECOND_FACTOR_ACTION));
      disabled.put("enabled", false);

      assertRefused("Owner disables", ws.call("PUT", PATH + SECOND_FACTOR_ACTION,
          ws.ownerToken(), disabled), LOCKED);
      assertRefused("Owner deletes", ws.call("DELETE", PATH + SECOND_FACTOR_ACTION,
          ws.ownerToken(), null), LOCKED);
      assertRefused("operator disables", ws.call("PUT", PATH + SECOND_FACTOR_ACTION,
          ws.operatorToken(), disabled), LOCKED);
      assertRefused("operator deletes", ws.call("DELETE", PATH + SECOND_FACTOR_ACTION,
          ws.operatorToken(), null), LOCKED);
      assertThat(ws.call("PUT", PATH + SECOND_FACTOR_ACTION, ws.adminToken(), disabled).status())
          .as("Admin disables").isEqualTo(403);
      assertThat(ws.call("DELETE", PATH + SECOND_FACTOR_ACTION, ws.adminToken(), null).status())
          .as("Admin deletes").isEqualTo(403);

      assertThat(ws.read(PATH + SECOND_FACTOR_ACTION)).containsEntry("enabled", true);
      ws.tenant().createUser("nadia", PASSWORD);
      var driver = OidcLoginDriver.begin(server, ws.tenant(), APP)
          .loginWithPassword("nadia", PASSWORD);
      assertThat(driver.finished()).as("no code for a member without a factor").isFalse();
      assertThat(SecondFactorSteps.onFactorChoice(driver)).as("sent to enrolment").isTrue();
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, 2);
      awaitRefusals(ws, since, null, LOCKED, 4);
    }

    /** The enrolment actions the factor choice hands over to: without them nobody can enrol. */
    @ParameterizedTest
    @ValueSource(strings = {"CONFIGURE_TOTP", "webauthn-register-passwordless",
        "CONFIGURE_RECOVERY_AUTHN_CODES"})
    void theEnrolmentActionsCannotBeSwitchedOff(String alias) {
      Map<String, Object> action = ws.read(PATH + alias);
      assertThat(action).as("enabled in a new tenant").containsEntry("enabled", true);
      Map<String, Object> disabled = new LinkedHashMap<>(action);
      disabled.put("enabled", false);

      assertRefused("Owner disables " + alias, ws.call("PUT", PATH + alias, ws.ownerToken(),
          disabled), LOCKED);
      assertRefused("Owner deletes " + alias, ws.call("DELETE", PATH + alias, ws.ownerToken(),
          null), LOCKED);

      assertThat(ws.read(PATH + alias)).containsEntry("enabled", true);
    }
  }

  /** b, g. Which flows the realm signs people in with, and brute-force protection. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class RealmSettings {

    private static final String LEGACY = "legacy";
    private static final String LEGACY_SECRET = "legacy-secret-for-tests";
    private static final Map<String, String> BINDINGS = Map.of(
        "browserFlow", BROWSER,
        "directGrantFlow", DIRECT_GRANT,
        "resetCredentialsFlow", RESET_CREDENTIALS,
        "firstBrokerLoginFlow", FIRST_BROKER_LOGIN);

    private Workspace ws;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-realm");
      Map<String, Object> legacy = new LinkedHashMap<>();
      legacy.put("clientId", LEGACY);
      legacy.put("enabled", true);
      legacy.put("publicClient", false);
      legacy.put("secret", LEGACY_SECRET);
      legacy.put("standardFlowEnabled", false);
      legacy.put("directAccessGrantsEnabled", true);
      assertThat(ws.call("POST", "clients", ws.operatorToken(), legacy).status()).isEqualTo(201);
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void theOwnerMayBuildAWeakFlowButNobodyMayBindIt() {
      ws.member("mira", "editor");
      var dora = ws.member("dora", "editor");
      Instant since = now();

      assertThat(ws.call("POST", "authentication/flows", ws.ownerToken(), weakFlow()).status())
          .as("the Owner creates a flow").isEqualTo(201);
      assertThat(ws.call("POST", "authentication/flows/" + WEAK + "/executions/execution",
          ws.ownerToken(), Map.of("provider", "auth-username-password-form")).status())
          .as("and gives it a password form").isEqualTo(201);
      try {
        Map<String, Object> realm = ws.call("GET", "", ws.ownerToken(), null).json();
        for (String binding : BINDINGS.keySet()) {
          Map<String, Object> rebound = new LinkedHashMap<>(realm);
          rebound.put(binding, WEAK);
          assertRefused("Owner binds " + binding, ws.call("PUT", "", ws.ownerToken(), rebound),
              LOCKED);
        }
        assertRefused("Owner, only the binding", ws.call("PUT", "", ws.ownerToken(),
            Map.of("browserFlow", WEAK)), LOCKED);
        assertRefused("operator binds browserFlow", ws.call("PUT", "", ws.operatorToken(),
            Map.of("browserFlow", WEAK)), LOCKED);
        assertRefused("operator binds directGrantFlow", ws.call("PUT", "", ws.operatorToken(),
            Map.of("directGrantFlow", WEAK)), LOCKED);
        assertThat(ws.call("PUT", "", ws.adminToken(), Map.of("browserFlow", WEAK)).status())
            .as("Admin binds").isEqualTo(403);

        Map<String, Object> after = ws.read("");
        BINDINGS.forEach((binding, flow) -> assertThat(after).containsEntry(binding, flow));
        var browser = OidcLoginDriver.begin(server, ws.tenant(), APP)
            .loginWithPassword("mira", PASSWORD);
        assertThat(browser.finished()).as("no code for a password alone").isFalse();
        assertThat(browser.currentPage().selectFirst("input[name=otp]"))
            .as("the password leads to the code prompt").isNotNull();
        // With the code first: a failure counts towards the lockout.
        var withCode = passwordGrant("dora", dora.totp().unused());
        var passwordAlone = passwordGrant("dora", null);
        assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
        assertThat(passwordAlone.status()).isEqualTo(400);
        assertThat(passwordAlone.body()).doesNotContain("access_token");
        awaitRefusals(ws, since, ws.owner().id(), LOCKED, BINDINGS.size() + 1);
        awaitRefusals(ws, since, null, LOCKED, BINDINGS.size() + 3);
      } finally {
        ws.call("PUT", "", ws.operatorToken(), BINDINGS);
      }
    }

    @Test
    void bruteForceProtectionStaysOn() {
      var bruno = ws.member("bruno", "viewer");
      Instant since = now();
      Map<String, Object> realm = ws.call("GET", "", ws.ownerToken(), null).json();
      Map<String, Object> unprotected = new LinkedHashMap<>(realm);
      unprotected.put("bruteForceProtected", false);

      try {
        assertRefused("Owner", ws.call("PUT", "", ws.ownerToken(), unprotected), LOCKED);
        assertRefused("operator", ws.call("PUT", "", ws.operatorToken(),
            Map.of("bruteForceProtected", false)), LOCKED);
        assertThat(ws.call("PUT", "", ws.adminToken(), Map.of("bruteForceProtected", false))
            .status()).as("Admin").isEqualTo(403);

        assertThat(ws.read("")).containsEntry("bruteForceProtected", true);
        OidcLoginDriver.begin(server, ws.tenant(), APP)
            .loginWithPassword("bruno", "wrong-" + PASSWORD);
        Awaitility.await("the wrong password counted").atMost(Duration.ofSeconds(10))
            .until(() -> ((Number) ws.tenant().resource().attackDetection()
                .bruteForceUserStatus(bruno.id()).getOrDefault("numFailures", 0)).intValue(),
                failures -> failures >= 1);
        awaitRefusals(ws, since, ws.owner().id(), LOCKED, 1);
      } finally {
        ws.call("PUT", "", ws.operatorToken(), Map.of("bruteForceProtected", true));
      }
    }

    /**
     * A locked change cannot hide in a body the guard cannot read (nested deeper than JSON
     * readers accept) nor arrive under another media type: either is refused, nothing changes.
     */
    @Test
    void aLockedChangeCannotHideInABodyTheGuardCannotRead() {
      String weakBinding = "{\"browserFlow\":\"" + WEAK + "\"";
      String tooDeep = weakBinding + ",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";

      for (String token : List.of(ws.ownerToken(), ws.adminToken(), ws.operatorToken())) {
        var unreadable = Rest.send("PUT", ws.adminUrl(""), token, "application/json", tooDeep);
        var untyped = Rest.send("PUT", ws.adminUrl(""), token, "text/plain", weakBinding + "}");
        var truncated = Rest.send("PUT", ws.adminUrl(""), token, "application/json",
            weakBinding + ",");

        assertThat(unreadable.status()).as(unreadable.body()).isEqualTo(400);
        assertThat(unreadable.json()).containsEntry("error", "invalid_request");
        assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
        assertThat(untyped.status()).as(untyped.body()).isBetween(400, 499);
      }
      Map<String, Object> after = ws.read("");
      BINDINGS.forEach((binding, flow) -> assertThat(after).containsEntry(binding, flow));
    }

    /** The admin console saves the realm's whole representation on every settings page. */
    @Test
    void theRealmsOwnRepresentationCanStillBeSavedUnchanged() {
      var asOwner = ws.call("GET", "", ws.ownerToken(), null);
      assertThat(asOwner.status()).isEqualTo(200);
      assertThat(Rest.send("PUT", ws.adminUrl(""), ws.ownerToken(), "application/json",
          asOwner.body()).status()).as("the Owner saves it").isEqualTo(204);
      var asOperator = ws.call("GET", "", ws.operatorToken(), null);
      assertThat(Rest.send("PUT", ws.adminUrl(""), ws.operatorToken(), "application/json",
          asOperator.body()).status()).as("an operator saves it").isEqualTo(204);

      Map<String, Object> after = ws.read("");
      BINDINGS.forEach((binding, flow) -> assertThat(after).containsEntry(binding, flow));
      assertThat(after).containsEntry("bruteForceProtected", true);
    }

    private Rest.Response passwordGrant(String username, String otp) {
      Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password",
          "client_id", LEGACY, "client_secret", LEGACY_SECRET, "username", username,
          "password", PASSWORD));
      if (otp != null) {
        form.put("otp", otp);
      }
      return Rest.postForm(tokenEndpoint(ws), form);
    }
  }

  /** c. Palisade's flows themselves: no execution removed, weakened, reordered or added. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class PalisadeFlows {

    private Workspace ws;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-flows");
      // An identity provider, so that the tenant uses every Palisade flow, post-broker included.
      assertThat(ws.call("POST", "identity-provider/instances", ws.operatorToken(),
          Map.of("alias", "sso", "providerId", "oidc", "enabled", true,
              "config", oidcConfig("sso-secret-" + UUID.randomUUID()))).status())
          .isEqualTo(201);
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void theBrowserFlowCannotBeEditedByTheOwner() {
      List<String> before = executions(ws, BROWSER);
      List<Map<String, Object>> steps = ws.readList(executionsPath(BROWSER));
      Map<String, Object> otp = step(steps, "providerId", "auth-otp-form");
      Map<String, Object> secondFactor = step(steps, "displayName", BROWSER + " second factor");
      Map<String, Object> redirector = step(steps, "providerId", "identity-provider-redirector");
      String flowId = flowId(ws, BROWSER);
      Instant since = now();

      Map<String, Rest.Response> attempts = new LinkedHashMap<>();
      attempts.put("delete the OTP form", ws.call("DELETE",
          "authentication/executions/" + otp.get("id"), ws.ownerToken(), null));
      attempts.put("delete the second-factor sub-flow", ws.call("DELETE",
          "authentication/executions/" + secondFactor.get("id"), ws.ownerToken(), null));
      attempts.put("disable the second-factor sub-flow", ws.call("PUT",
          executionsPath(BROWSER), ws.ownerToken(), with(secondFactor, "requirement", "DISABLED")));
      attempts.put("disable the OTP form", ws.call("PUT", executionsPath(BROWSER),
          ws.ownerToken(), with(otp, "requirement", "DISABLED")));
      attempts.put("raise the redirector", ws.call("POST", "authentication/executions/"
          + redirector.get("id") + "/raise-priority", ws.ownerToken(), null));
      attempts.put("raise the second factor above the password", ws.call("POST",
          "authentication/executions/" + secondFactor.get("id") + "/raise-priority",
          ws.ownerToken(), null));
      attempts.put("add an execution", ws.call("POST", executionsPath(BROWSER) + "/execution",
          ws.ownerToken(), Map.of("provider", "auth-username-password-form")));
      attempts.put("add 'allow access' beside the factors", ws.call("POST",
          executionsPath(BROWSER + " second factor") + "/execution", ws.ownerToken(),
          Map.of("provider", "allow-access-authenticator")));
      attempts.put("add a sub-flow", ws.call("POST", executionsPath(BROWSER) + "/flow",
          ws.ownerToken(), Map.of("alias", "extra", "type", "basic-flow", "description", "",
              "provider", "registration-page-form")));
      attempts.put("rename the flow", ws.call("PUT", "authentication/flows/" + flowId,
          ws.ownerToken(), Map.of("id", flowId, "alias", "renamed", "description", "",
              "providerId", "basic-flow", "topLevel", true, "builtIn", false)));

      attempts.forEach((what, response) -> assertRefused(what, response, LOCKED));
      assertThat(executions(ws, BROWSER)).as("the flow unchanged").isEqualTo(before);
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, attempts.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {BROWSER, DIRECT_GRANT, RESET_CREDENTIALS, FIRST_BROKER_LOGIN,
        POST_BROKER_LOGIN})
    void noPalisadeFlowCanBeEditedEvenByAnOperator(String flow) {
      List<String> before = executions(ws, flow);
      List<Map<String, Object>> topLevel = ws.readList(executionsPath(flow)).stream()
          .filter(step -> ((Number) step.get("level")).intValue() == 0).toList();
      Map<String, Object> last = topLevel.get(topLevel.size() - 1);

      assertRefused("operator disables the last step of " + flow, ws.call("PUT",
          executionsPath(flow), ws.operatorToken(), with(last, "requirement", "DISABLED")),
          LOCKED);
      assertRefused("operator deletes the last step of " + flow, ws.call("DELETE",
          "authentication/executions/" + last.get("id"), ws.operatorToken(), null), LOCKED);
      assertRefused("Owner deletes the last step of " + flow, ws.call("DELETE",
          "authentication/executions/" + last.get("id"), ws.ownerToken(), null), LOCKED);

      assertThat(executions(ws, flow)).as(flow + " unchanged").isEqualTo(before);
    }
  }

  /** d. Per-client flow overrides, CIBA, and a partial import carrying an override. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClientFlowOverrides {

    private Workspace ws;
    private String weakId;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-client");
      assertThat(ws.call("POST", "authentication/flows", ws.operatorToken(), weakFlow())
          .status()).isEqualTo(201);
      assertThat(ws.call("POST", "authentication/flows/" + WEAK + "/executions/execution",
          ws.operatorToken(), Map.of("provider", "auth-username-password-form")).status())
          .isEqualTo(201);
      weakId = flowId(ws, WEAK);
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void noClientCanBeBoundToAWeakerFlow() {
      ws.member("mira", "editor");
      ws.tenant().createPublicClient("victim");
      String victim = ws.clientUuid("victim");
      Instant since = now();

      Map<String, Object> newBrowser = publicClient(ws, "weak-browser");
      newBrowser.put("authenticationFlowBindingOverrides", Map.of("browser", weakId));
      Map<String, Object> newDirect = publicClient(ws, "weak-direct");
      newDirect.put("directAccessGrantsEnabled", true);
      newDirect.put("authenticationFlowBindingOverrides", Map.of("direct_grant", weakId));
      Map<String, Object> existing = ws.call("GET", "clients/" + victim, ws.ownerToken(), null)
          .json();

      assertRefused("Owner creates with a browser override",
          ws.call("POST", "clients", ws.ownerToken(), newBrowser), LOCKED);
      assertRefused("Owner creates with a direct-grant override",
          ws.call("POST", "clients", ws.ownerToken(), newDirect), LOCKED);
      assertRefused("Owner overrides browser", ws.call("PUT", "clients/" + victim,
          ws.ownerToken(), with(existing, "authenticationFlowBindingOverrides",
              Map.of("browser", weakId))), LOCKED);
      assertRefused("Owner overrides direct grant", ws.call("PUT", "clients/" + victim,
          ws.ownerToken(), with(existing, "authenticationFlowBindingOverrides",
              Map.of("direct_grant", weakId))), LOCKED);
      assertRefused("operator overrides browser", ws.call("PUT", "clients/" + victim,
          ws.operatorToken(), with(existing, "authenticationFlowBindingOverrides",
              Map.of("browser", weakId))), LOCKED);

      assertThat(clientExists(ws, "weak-browser")).isFalse();
      assertThat(clientExists(ws, "weak-direct")).isFalse();
      assertThat(String.valueOf(ws.read("clients/" + victim)
          .get("authenticationFlowBindingOverrides"))).doesNotContain(weakId);
      var driver = OidcLoginDriver.begin(server, ws.tenant(), "victim")
          .loginWithPassword("mira", PASSWORD);
      assertThat(driver.finished()).as("no code for a password alone").isFalse();
      assertThat(driver.currentPage().selectFirst("input[name=otp]"))
          .as("the password leads to the code prompt").isNotNull();
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, 4);
    }

    @Test
    void overridesNamingPalisadesOwnFlowsAreAllowed() {
      Map<String, String> own = Map.of("browser", flowId(ws, BROWSER),
          "direct_grant", flowId(ws, DIRECT_GRANT));
      Map<String, Object> client = publicClient(ws, "own-flows");
      client.put("authenticationFlowBindingOverrides", own);

      assertThat(ws.call("POST", "clients", ws.ownerToken(), client).status()).isEqualTo(201);
      assertThat(ws.read("clients/" + ws.clientUuid("own-flows")))
          .containsEntry("authenticationFlowBindingOverrides", own);
    }

    /** CIBA would mint a person's tokens on another channel, without the realm's flows. */
    @Test
    void cibaIssuesNoTokenWhateverAClientSays() {
      ws.member("cora", "editor");
      String secret = "ciba-secret-" + UUID.randomUUID();
      Map<String, Object> client = new LinkedHashMap<>();
      client.put("clientId", "ciba-app");
      client.put("enabled", true);
      client.put("publicClient", false);
      client.put("secret", secret);
      client.put("standardFlowEnabled", false);
      client.put("attributes", Map.of("oidc.ciba.grant.enabled", "true",
          "ciba.backchannel.token.delivery.mode", "poll"));
      var byOwner = ws.call("POST", "clients", ws.ownerToken(), client);
      assertThat(byOwner.status()).as(byOwner.body()).isLessThan(500);
      if (!clientExists(ws, "ciba-app")) {
        client.put("attributes", Map.of());
        assertThat(ws.call("POST", "clients", ws.operatorToken(), client).status())
            .isEqualTo(201);
      }

      String realmUrl = server.baseUrl() + "/realms/" + ws.name() + "/protocol/openid-connect";
      var request = Rest.postForm(realmUrl + "/ext/ciba/auth", Map.of("client_id", "ciba-app",
          "client_secret", secret, "scope", "openid", "login_hint", "cora",
          "binding_message", "approve"));
      assertThat(request.status()).as(request.body()).isNotEqualTo(200).isLessThan(500);
      assertThat(request.body()).doesNotContain("auth_req_id");
      var poll = Rest.postForm(realmUrl + "/token", Map.of("client_id", "ciba-app",
          "client_secret", secret, "grant_type", "urn:openid:params:grant-type:ciba",
          "auth_req_id", "forged-" + UUID.randomUUID()));
      assertThat(poll.status()).isNotEqualTo(200);
      assertThat(poll.body()).doesNotContain("access_token");
      Map<String, Object> info = Rest.send("GET", server.baseUrl() + "/admin/serverinfo",
          ws.operatorToken(), null, null).json();
      assertThat(objects(info.get("features")))
          .filteredOn(feature -> "CIBA".equals(feature.get("name")))
          .singleElement().satisfies(feature -> assertThat(feature.get("enabled"))
              .as("CIBA enabled").isEqualTo(false));
    }

    @Test
    void aPartialImportCannotBringAClientWithAWeakOverride() {
      Map<String, Object> harmless = publicClient(ws, "pi-harmless");
      Map<String, Object> weak = publicClient(ws, "pi-weak");
      weak.put("authenticationFlowBindingOverrides", Map.of("browser", weakId));

      var imported = ws.call("POST", "partialImport", ws.ownerToken(), Map.of(
          "ifResourceExists", "FAIL", "clients", List.of(harmless, weak)));

      assertRefused("partial import", imported, LOCKED);
      assertThat(clientExists(ws, "pi-weak")).isFalse();
      assertThat(clientExists(ws, "pi-harmless")).as("nothing of the import").isFalse();
    }
  }

  /** e. Protocol mappers that would forge the tenant, role or permissions claims. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClaimForgingMappers {

    private static final String CLIENT = "claims-app";
    private static final List<String> EDITOR = List.of("documents.read", "documents.write",
        "members.read");

    private Workspace ws;
    private TestRealm.TotpUser eve;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-claims");
      ws.tenant().createPublicClient(CLIENT);
      eve = ws.member("eve", "editor");
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void noClientMapperForgesPalisadesClaims() {
      String client = ws.clientUuid(CLIENT);
      String path = "clients/" + client + "/protocol-mappers/models";
      Instant since = now();

      for (String claim : List.of("role", "permissions", "tenant")) {
        assertRefused("Owner forges " + claim,
            ws.call("POST", path, ws.ownerToken(), forgery(claim)), LOCKED);
      }
      assertRefused("operator forges role", ws.call("POST", path, ws.operatorToken(),
          forgery("role")), LOCKED);
      assertThat(ws.call("POST", path, ws.adminToken(), forgery("role")).status())
          .as("Admin forges role").isEqualTo(403);

      assertThat(claimNames(ws.readList(path))).doesNotContain("role", "permissions", "tenant");
      assertGenuineClaims(signInThrough(CLIENT));
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, 3);
    }

    @Test
    void noClientScopeMapperForgesThem() {
      String profile = ws.readList("client-scopes").stream()
          .filter(scope -> "profile".equals(scope.get("name")))
          .map(scope -> (String) scope.get("id")).findFirst().orElseThrow();
      String path = "client-scopes/" + profile + "/protocol-mappers/models";
      Instant since = now();

      for (String claim : List.of("role", "permissions", "tenant")) {
        assertRefused("Owner forges " + claim + " in a scope",
            ws.call("POST", path, ws.ownerToken(), forgery(claim)), LOCKED);
      }

      assertThat(claimNames(ws.readList(path))).doesNotContain("role", "permissions", "tenant");
      assertGenuineClaims(signInThrough(APP));
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, 3);
    }

    @Test
    void noOtherRouteBringsOneEither() {
      String client = ws.clientUuid(CLIENT);
      String path = "clients/" + client + "/protocol-mappers/models";
      Map<String, Object> inline = publicClient(ws, "forged-inline");
      inline.put("protocolMappers", List.of(forgery("role")));
      Map<String, Object> imported = publicClient(ws, "pi-forged");
      imported.put("protocolMappers", List.of(forgery("tenant")));

      assertRefused("a new client carrying it", ws.call("POST", "clients", ws.ownerToken(),
          inline), LOCKED);
      assertRefused("a partial import carrying it", ws.call("POST", "partialImport",
          ws.ownerToken(), Map.of("ifResourceExists", "FAIL", "clients", List.of(imported))),
          LOCKED);
      Map<String, Object> department = forgery("department");
      department.put("name", "department");
      assertThat(ws.call("POST", path, ws.ownerToken(), department).status())
          .as("a claim of the tenant's own").isEqualTo(201);
      Map<String, Object> created = ws.readList(path).stream()
          .filter(mapper -> "department".equals(mapper.get("name"))).findFirst().orElseThrow();
      Map<String, Object> renamed = new LinkedHashMap<>(created);
      renamed.put("config", with(objectOf(created.get("config")), "claim.name", "role"));
      assertRefused("an existing mapper renamed to role", ws.call("PUT",
          path + "/" + created.get("id"), ws.ownerToken(), renamed), LOCKED);

      assertThat(clientExists(ws, "forged-inline")).isFalse();
      assertThat(clientExists(ws, "pi-forged")).isFalse();
      assertThat(claimNames(ws.readList(path))).contains("department")
          .doesNotContain("role", "permissions", "tenant");
    }

    private Map<String, Object> signInThrough(String clientId) {
      return SecondFactorSteps.signIn(OidcLoginDriver.begin(server, ws.tenant(), clientId),
          "eve", PASSWORD, eve.totp()).exchangeCode();
    }

    private void assertGenuineClaims(Map<String, Object> tokens) {
      for (String token : List.of("access_token", "id_token")) {
        assertThat(OidcLoginDriver.claims((String) tokens.get(token))).as(token)
            .containsEntry("tenant", ws.name()).containsEntry("role", "editor")
            .containsEntry("permissions", EDITOR);
      }
    }

    private static Map<String, Object> forgery(String claim) {
      boolean list = claim.equals("permissions");
      Map<String, Object> mapper = new LinkedHashMap<>();
      mapper.put("name", "forge " + claim);
      mapper.put("protocol", "openid-connect");
      mapper.put("protocolMapper", "oidc-hardcoded-claim-mapper");
      mapper.put("config", new LinkedHashMap<>(Map.of("claim.name", claim,
          "claim.value", list ? "[\"billing.manage\",\"settings.manage\"]"
              : claim.equals("role") ? "owner" : "someone-else",
          "jsonType.label", list ? "JSON" : "String", "access.token.claim", "true",
          "id.token.claim", "true", "userinfo.token.claim", "true",
          "introspection.token.claim", "true")));
      return mapper;
    }

    private static List<Object> claimNames(List<Map<String, Object>> mappers) {
      return mappers.stream().map(mapper -> objectOf(mapper.get("config")).get("claim.name"))
          .filter(Objects::nonNull).toList();
    }
  }

  /** f. Identity-provider mappers that would grant an administrative role at sign-in. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class IdentityProviderMappers {

    private static final String ALIAS = "partner";
    private static final String SECRET = "partner-broker-secret-for-tests";
    private static final String HARDCODED_ROLE = "oidc-hardcoded-role-idp-mapper";
    private static final String MAPPERS = "identity-provider/instances/" + ALIAS + "/mappers";
    private static final List<String> ADMINISTRATIVE = List.of("owner", "admin", "sneaky");

    private Workspace ws;
    private TestRealm upstream;
    private String managers;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-idp");
      upstream = new Tenants(server).provision(Tenants.freshName("lock-up"), "teams");
      OidcBroker.upstreamClient(server, upstream, ws.name(), SECRET, "[\"pwd\",\"otp\",\"mfa\"]");
      OidcBroker.identityProvider(server, ws.tenant(), upstream, ALIAS, ws.name(), SECRET, true);
      signInStaff(ws);
      sneakyRole();
      managers = groupHoldingManageRealm();
    }

    @AfterAll
    void remove() {
      ws.close();
      upstream.close();
    }

    @Test
    void noMapperGrantsAnAdministrativeRoleWhoeverAsks() {
      Instant since = now();
      Map<String, Map<String, Object>> byAdmin = new LinkedHashMap<>();
      byAdmin.put("realm-admin", mapper("attack-a1", HARDCODED_ROLE,
          Map.of("role", "realm-management.realm-admin")));
      byAdmin.put("owner", mapper("attack-a2", HARDCODED_ROLE, Map.of("role", "owner")));
      byAdmin.put("sneaky", mapper("attack-a3", HARDCODED_ROLE, Map.of("role", "sneaky")));
      Map<String, Map<String, Object>> byOwner = new LinkedHashMap<>();
      byOwner.put("realm-admin", mapper("attack-o1", HARDCODED_ROLE,
          Map.of("role", "realm-management.realm-admin")));
      byOwner.put("manage-users", mapper("attack-o2", HARDCODED_ROLE,
          Map.of("role", "realm-management.manage-users")));
      byOwner.put("sneaky", mapper("attack-o3", HARDCODED_ROLE, Map.of("role", "sneaky")));
      byOwner.put("claim to manage-realm", mapper("attack-o4", "oidc-role-idp-mapper",
          Map.of("claim", "groups", "claim.value", "admins",
              "role", "realm-management.manage-realm")));
      byOwner.put("advanced claim to realm-admin", mapper("attack-o5",
          "oidc-advanced-role-idp-mapper", Map.of(
              "claims", "[{\"key\":\"groups\",\"value\":\"admins\"}]",
              "are.claim.values.regex", "false", "role", "realm-management.realm-admin")));

      byAdmin.forEach((what, body) -> assertRefused("Admin: " + what,
          ws.call("POST", MAPPERS, ws.adminToken(), body), LOCKED));
      byOwner.forEach((what, body) -> assertRefused("Owner: " + what,
          ws.call("POST", MAPPERS, ws.ownerToken(), body), LOCKED));
      assertRefused("operator: realm-admin", ws.call("POST", MAPPERS, ws.operatorToken(),
          mapper("attack-x1", HARDCODED_ROLE, Map.of("role", "realm-management.realm-admin"))),
          LOCKED);

      assertThat(ws.readList(MAPPERS)).extracting(m -> (String) m.get("name"))
          .noneMatch(name -> name.startsWith("attack-"));
      awaitRefusals(ws, since, ws.admin().id(), LOCKED, byAdmin.size());
      awaitRefusals(ws, since, ws.owner().id(), LOCKED, byOwner.size());
    }

    @Test
    void noMapperPutsAMemberInAGroupHoldingOne() {
      assumeTrue(managers != null, "the operator could not make a group holding manage-realm");
      var body = mapper("group-attack", "oidc-hardcoded-group-idp-mapper",
          Map.of("group", "/managers"));

      assertRefused("Owner", ws.call("POST", MAPPERS, ws.ownerToken(), body), LOCKED);
      assertRefused("Admin", ws.call("POST", MAPPERS, ws.adminToken(), body), LOCKED);

      assertThat(ws.readList(MAPPERS)).extracting(m -> (String) m.get("name"))
          .doesNotContain("group-attack");
    }

    @Test
    void anOrdinaryMapperCannotBeTurnedIntoOne() {
      var ordinary = mapper("to-editor", HARDCODED_ROLE, Map.of("role", "editor"));
      assertThat(ws.call("POST", MAPPERS, ws.ownerToken(), ordinary).status())
          .as("a mapper granting a base role below admin").isEqualTo(201);
      Map<String, Object> created = ws.readList(MAPPERS).stream()
          .filter(m -> "to-editor".equals(m.get("name"))).findFirst().orElseThrow();

      var changed = with(created, "config", with(objectOf(created.get("config")), "role",
          "realm-management.realm-admin"));
      assertRefused("Owner", ws.call("PUT", MAPPERS + "/" + created.get("id"), ws.ownerToken(),
          changed), LOCKED);
      assertRefused("Admin", ws.call("PUT", MAPPERS + "/" + created.get("id"), ws.adminToken(),
          changed), LOCKED);

      assertThat(objectOf(ws.read(MAPPERS + "/" + created.get("id")).get("config")))
          .containsEntry("role", "editor");
    }

    @Test
    void aPartialImportCannotBringOneNorTheProviderItComesWith() {
      Map<String, Object> provider = new LinkedHashMap<>();
      provider.put("alias", "pi-idp");
      provider.put("providerId", "oidc");
      provider.put("enabled", true);
      provider.put("config", oidcConfig("pi-secret-" + UUID.randomUUID()));

      var imported = ws.call("POST", "partialImport", ws.ownerToken(), Map.of(
          "ifResourceExists", "FAIL",
          "identityProviders", List.of(provider),
          "identityProviderMappers", List.of(
              mapper("pi-admin", HARDCODED_ROLE, Map.of("role", "realm-management.realm-admin")),
              with(mapper("pi-admin-2", HARDCODED_ROLE, Map.of("role", "owner")),
                  "identityProviderAlias", "pi-idp"))));

      assertRefused("partial import", imported, LOCKED);
      assertThat(ws.call("GET", "identity-provider/instances/pi-idp", ws.operatorToken(), null)
          .status()).as("the provider not imported").isEqualTo(404);
      assertThat(ws.readList(MAPPERS)).extracting(m -> (String) m.get("name"))
          .doesNotContain("pi-admin");
    }

    /**
     * The outcome that matters: a person signing in through another tenant gets a token and an
     * account without any administrative role, whatever mappers were attempted first.
     */
    @Test
    void aBrokeredSignInCarriesNoAdministrativeRole() {
      int attempt = 0;
      for (String token : List.of(ws.operatorToken(), ws.ownerToken())) {
        for (String role : List.of("realm-management.realm-admin", "sneaky")) {
          ws.call("POST", MAPPERS, token, mapper("outcome-" + attempt++, HARDCODED_ROLE,
              Map.of("role", role)));
        }
      }
      try {
        var mallory = upstream.createMember("mallory", PASSWORD, "owner");

        var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, ws.tenant(), APP,
            Map.of("kc_idp_hint", ALIAS)), "mallory", PASSWORD, mallory.totp());
        Map<String, Object> claims = OidcLoginDriver.claims(
            (String) driver.exchangeCode().get("access_token"));

        assertThat(objectOf(claims.getOrDefault("resource_access", Map.of())))
            .as("client roles in the token").doesNotContainKey("realm-management");
        assertThat(strings(objectOf(claims.get("realm_access")).get("roles")))
            .as("realm roles in the token").doesNotContainAnyElementsOf(ADMINISTRATIVE);
        assertThat(claims.get("role")).as("base role claim").isNotIn("owner", "admin");
        String linked = ws.tenant().resource().users().search("mallory").get(0).getId();
        Map<String, Object> mappings = ws.read("users/" + linked + "/role-mappings");
        assertThat(objects(mappings.getOrDefault("realmMappings", List.of())))
            .extracting(role -> (String) role.get("name"))
            .doesNotContainAnyElementsOf(ADMINISTRATIVE);
        assertThat(objectOf(mappings.getOrDefault("clientMappings", Map.of())))
            .doesNotContainKey("realm-management");
      } finally {
        for (var mapper : ws.readList(MAPPERS)) {
          if (((String) mapper.get("name")).startsWith("outcome-")) {
            ws.call("DELETE", MAPPERS + "/" + mapper.get("id"), ws.operatorToken(), null);
          }
        }
      }
    }

    /** "sneaky": a realm role of the tenant's own making that carries manage-realm. */
    private void sneakyRole() {
      String realmManagement = ws.clientUuid("realm-management");
      Map<String, Object> manageRealm = ws.read("clients/" + realmManagement
          + "/roles/manage-realm");
      ws.call("POST", "roles", ws.ownerToken(), Map.of("name", "sneaky"));
      ws.call("POST", "roles/sneaky/composites", ws.ownerToken(), List.of(manageRealm));
      RealmResource tenant = ws.tenant().resource();
      if (tenant.roles().list().stream().noneMatch(role -> "sneaky".equals(role.getName()))) {
        RoleRepresentation sneaky = new RoleRepresentation();
        sneaky.setName("sneaky");
        tenant.roles().create(sneaky);
      }
      if (tenant.roles().get("sneaky").getRoleComposites().stream()
          .noneMatch(role -> "manage-realm".equals(role.getName()))) {
        tenant.roles().get("sneaky").addComposites(List.of(
            tenant.clients().get(realmManagement).roles().get("manage-realm")
                .toRepresentation()));
      }
    }

    /** A group "managers" holding manage-realm, made by the operator; null if refused. */
    private String groupHoldingManageRealm() {
      RealmResource tenant = ws.tenant().resource();
      GroupRepresentation group = new GroupRepresentation();
      group.setName("managers");
      try (Response created = tenant.groups().add(group)) {
        String id = CreatedResponseUtil.getCreatedId(created);
        String realmManagement = ws.clientUuid("realm-management");
        tenant.groups().group(id).roles().clientLevel(realmManagement).add(List.of(
            tenant.clients().get(realmManagement).roles().get("manage-realm")
                .toRepresentation()));
        return id;
      } catch (RuntimeException refused) {
        return null;
      }
    }

    private static Map<String, Object> mapper(String name, String type,
        Map<String, String> config) {
      Map<String, String> settings = new LinkedHashMap<>(config);
      settings.putIfAbsent("syncMode", "INHERIT");
      Map<String, Object> mapper = new LinkedHashMap<>();
      mapper.put("name", name);
      mapper.put("identityProviderAlias", ALIAS);
      mapper.put("identityProviderMapper", type);
      mapper.put("config", settings);
      return mapper;
    }
  }

  /** h. Resetting an Owner's second factors. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class MfaReset {

    private Workspace ws;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-mfa");
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void anAdminCannotResetAnOwnersSecondFactor() {
      var oona = ws.member("oona", "owner");
      Instant since = now();

      assertRefused("Admin resets an Owner", ws.call("POST",
          "mfa/users/" + oona.id() + "/reset", ws.adminToken(), null), OWNER_ONLY);

      assertThat(ws.credentialTypes(oona.id())).contains("otp");
      assertThat(ws.signIn("oona", oona)).as("the Owner signs in with password and code")
          .isNotBlank();
      awaitRefusals(ws, since, ws.admin().id(), OWNER_ONLY, 1);
    }

    /** The same through Keycloak's own credential endpoints, whatever they answer. */
    @Test
    void norThroughKeycloaksCredentialEndpoints() {
      var otis = ws.member("otis", "owner");
      String otp = ws.tenant().resource().users().get(otis.id()).credentials().stream()
          .filter(credential -> "otp".equals(credential.getType())).findFirst().orElseThrow()
          .getId();

      var disable = ws.call("PUT", "users/" + otis.id() + "/disable-credential-types",
          ws.adminToken(), List.of("otp"));
      var delete = ws.call("DELETE", "users/" + otis.id() + "/credentials/" + otp,
          ws.adminToken(), null);

      assertThat(disable.status()).as(disable.body()).isLessThan(500);
      assertThat(delete.status()).as(delete.body()).isLessThan(500);
      assertThat(ws.credentialTypes(otis.id())).contains("otp");
      assertThat(ws.signIn("otis", otis)).isNotBlank();
    }

    @Test
    void anOwnerResetsAnAdminAndAnOperatorResetsAnOwner() {
      var adele = ws.member("adele", "admin");
      var opal = ws.member("opal", "owner");

      var byOwner = ws.call("POST", "mfa/users/" + adele.id() + "/reset", ws.ownerToken(), null);
      var byOperator = ws.call("POST", "mfa/users/" + opal.id() + "/reset", ws.operatorToken(),
          null);

      assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(200);
      assertThat(byOperator.status()).as(byOperator.body()).isEqualTo(200);
      assertThat(ws.credentialTypes(adele.id())).doesNotContain("otp");
      assertThat(ws.credentialTypes(opal.id())).doesNotContain("otp");
      var reset = audit.awaitEvents(ws.name(), Map.of("action", "MFA_RESET",
          "target", adele.id()), list -> !list.isEmpty());
      assertThat(AuditApi.object(reset.get(0), "actor")).containsEntry("id", ws.owner().id());
    }
  }

  /** i. Identity providers: who may add one, re-point it, or trust its MFA. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class IdentityProviders {

    private static final String ALIAS = "partner";
    private static final String PROVIDER = "identity-provider/instances/" + ALIAS;
    private static final String TRUST = "palisade-upstream-mfa";

    private Workspace ws;
    private final String secret = "partner-secret-" + UUID.randomUUID();

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-sso");
      assertThat(ws.call("POST", "identity-provider/instances", ws.operatorToken(),
          provider(ALIAS, secret)).status()).isEqualTo(201);
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void anAdminCannotAddAnIdentityProvider() {
      Instant since = now();

      assertRefused("Admin adds a provider", ws.call("POST", "identity-provider/instances",
          ws.adminToken(), provider("rogue", "rogue-secret-" + UUID.randomUUID())), OWNER_ONLY);

      assertThat(ws.call("GET", "identity-provider/instances/rogue", ws.operatorToken(), null)
          .status()).isEqualTo(404);
      awaitRefusals(ws, since, ws.admin().id(), OWNER_ONLY, 1);
    }

    @Test
    void anAdminCannotRepointAnIdentityProviderOrLoosenItsKeys() {
      Map<String, Object> before = objectOf(ws.read(PROVIDER).get("config"));
      Map<String, String> changes = new LinkedHashMap<>();
      String attacker = "http://localhost:8080/realms/attacker/protocol/openid-connect";
      changes.put("authorizationUrl", attacker + "/auth");
      changes.put("tokenUrl", attacker + "/token");
      changes.put("jwksUrl", attacker + "/certs");
      changes.put("userInfoUrl", attacker + "/userinfo");
      changes.put("logoutUrl", attacker + "/logout");
      changes.put("issuer", "http://localhost:8080/realms/attacker");
      changes.put("validateSignature", "false");
      changes.put("useJwksUrl", "false");
      changes.put("publicKeySignatureVerifier", someoneElsesPublicKey());
      Instant since = now();

      changes.forEach((field, value) -> {
        Map<String, Object> provider = ws.call("GET", PROVIDER, ws.adminToken(), null).json();
        var changed = with(provider, "config", with(objectOf(provider.get("config")), field,
            value));
        assertRefused("Admin changes " + field, ws.call("PUT", PROVIDER, ws.adminToken(),
            changed), OWNER_ONLY);
      });

      assertThat(objectOf(ws.read(PROVIDER).get("config"))).isEqualTo(before);
      awaitRefusals(ws, since, ws.admin().id(), OWNER_ONLY, changes.size());
    }

    @Test
    void anAdminCannotChangeWhetherItsMfaIsTrusted() {
      String mappers = PROVIDER + "/mappers";
      Map<String, Object> trust = new LinkedHashMap<>(Map.of("name", "trust MFA",
          "identityProviderAlias", ALIAS, "identityProviderMapper", TRUST,
          "config", Map.of("amr", "mfa", "syncMode", "INHERIT")));
      Instant since = now();

      assertRefused("Admin trusts the provider", ws.call("POST", mappers, ws.adminToken(),
          trust), OWNER_ONLY);
      assertThat(ws.readList(mappers)).as("no trust added by the Admin").isEmpty();
      assertThat(ws.call("POST", mappers, ws.ownerToken(), trust).status())
          .as("the Owner trusts it").isEqualTo(201);
      Map<String, Object> created = ws.readList(mappers).get(0);
      var loosened = with(created, "config", with(objectOf(created.get("config")), "amr",
          "pwd"));
      assertRefused("Admin loosens the trust", ws.call("PUT", mappers + "/" + created.get("id"),
          ws.adminToken(), loosened), OWNER_ONLY);

      assertThat(objectOf(ws.read(mappers + "/" + created.get("id")).get("config")))
          .containsEntry("amr", "mfa");
      awaitRefusals(ws, since, ws.admin().id(), OWNER_ONLY, 2);
    }

    /**
     * Removing the trust asks members for the local factor again, so it weakens nothing; it is
     * still a change of the provider's MFA trust, which is the Owner's to make.
     */
    @Test
    void anAdminCannotRemoveTheMfaTrustEither() {
      String mappers = "identity-provider/instances/trusted/mappers";
      assertThat(ws.call("POST", "identity-provider/instances", ws.operatorToken(),
          provider("trusted", "trusted-secret-" + UUID.randomUUID())).status()).isEqualTo(201);
      assertThat(ws.call("POST", mappers, ws.ownerToken(), Map.of("name", "trust MFA",
          "identityProviderAlias", "trusted", "identityProviderMapper", TRUST,
          "config", Map.of("amr", "mfa", "syncMode", "INHERIT"))).status()).isEqualTo(201);
      String trust = (String) ws.readList(mappers).get(0).get("id");

      assertRefused("Admin removes the trust", ws.call("DELETE", mappers + "/" + trust,
          ws.adminToken(), null), OWNER_ONLY);

      assertThat(ws.readList(mappers)).extracting(mapper -> mapper.get("id")).contains(trust);
    }

    /** What is not owner-only stays with whoever manages identity providers (teams plan). */
    @Test
    void anAdminStillRenamesAnIdentityProvider() {
      Map<String, Object> provider = ws.call("GET", PROVIDER, ws.adminToken(), null).json();

      var renamed = ws.call("PUT", PROVIDER, ws.adminToken(),
          with(provider, "displayName", "Partner SSO"));

      assertThat(renamed.status()).as(renamed.body()).isEqualTo(204);
      assertThat(ws.read(PROVIDER)).containsEntry("displayName", "Partner SSO");
    }

    @Test
    void anOwnerAddsAndRepointsOneOnTheRecordWithoutItsSecret() {
      String ownSecret = "own-secret-" + UUID.randomUUID();
      String path = "identity-provider/instances/own-sso";
      Instant since = now();

      assertThat(ws.call("POST", "identity-provider/instances", ws.ownerToken(),
          provider("own-sso", ownSecret)).status()).as("the Owner adds one").isEqualTo(201);
      Map<String, Object> provider = ws.call("GET", path, ws.ownerToken(), null).json();
      String newTokenUrl = "http://localhost:8080/realms/moved/protocol/openid-connect/token";
      var repointed = ws.call("PUT", path, ws.ownerToken(), with(provider, "config",
          with(objectOf(provider.get("config")), "tokenUrl", newTokenUrl)));

      assertThat(repointed.status()).as(repointed.body()).isEqualTo(204);
      assertThat(objectOf(ws.read(path).get("config"))).containsEntry("tokenUrl", newTokenUrl);
      var changes = audit.awaitEvents(ws.name(), Map.of("action", "IDENTITY_PROVIDER_CHANGED",
          "actor", ws.owner().id(), "from", since.toString()),
          list -> list.stream().anyMatch(record -> AuditApi.object(record, "details")
              .keySet().containsAll(List.of("before", "after"))));
      assertThat(changes).isNotEmpty();
      String trail = audit.get(ws.name(), "events", Map.of("max", "1000"), ws.operatorToken())
          .body();
      assertThat(trail).as("the tenant's trail").doesNotContain(ownSecret, secret);
    }

    private Map<String, Object> provider(String alias, String clientSecret) {
      Map<String, Object> provider = new LinkedHashMap<>();
      provider.put("alias", alias);
      provider.put("providerId", "oidc");
      provider.put("enabled", true);
      provider.put("config", oidcConfig(clientSecret));
      return provider;
    }
  }

  /** j. Impersonating an Owner. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Impersonation {

    private Workspace ws;
    private TestRealm.TotpUser oona;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-imp");
      oona = ws.member("oona", "owner");
      // Keycloak's own impersonation right, given by the operator: what is left to refuse is
      // Palisade's rule about Owners.
      ws.tenant().grantRealmManagementRoles(ws.owner().id(), "impersonation");
      ws.tenant().grantRealmManagementRoles(ws.admin().id(), "impersonation");
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    // Keycloak ends the impersonator's own session when it impersonates in its own realm:
    // every test signs in afresh.

    @Test
    void anAdminCannotImpersonateAnOwner() {
      String admin = ws.signIn(Workspace.ADMIN, ws.admin());
      Instant since = now();

      String error = assertRefusedAsOwnerOnly("Admin impersonates an Owner", ws.call("POST",
          "users/" + oona.id() + "/impersonation", admin, null));
      assertRefusedAsOwnerOnly("Admin impersonates the other Owner", ws.call("POST",
          "users/" + ws.owner().id() + "/impersonation", admin, null));

      assertNotImpersonated(oona.id());
      awaitRefusals(ws, since, ws.admin().id(), error, 2);
    }

    @Test
    void anOwnerCannotImpersonateAnotherOwner() {
      String owner = ws.signIn(Workspace.OWNER, ws.owner());
      Instant since = now();

      String error = assertRefusedAsOwnerOnly("Owner impersonates an Owner", ws.call("POST",
          "users/" + oona.id() + "/impersonation", owner, null));

      assertNotImpersonated(oona.id());
      awaitRefusals(ws, since, ws.owner().id(), error, 1);
    }

    @Test
    void anOwnerImpersonatesAnEditorOnTheRecord() {
      var edda = ws.member("edda", "editor");
      String owner = ws.signIn(Workspace.OWNER, ws.owner());

      var impersonation = ws.call("POST", "users/" + edda.id() + "/impersonation", owner, null);

      assertThat(impersonation.status()).as(impersonation.body()).isEqualTo(200);
      assertThat(audit.awaitEvents(ws.name(), Map.of("action", "IMPERSONATE",
          "target", edda.id()), list -> !list.isEmpty())).isNotEmpty();
    }

    /**
     * A refused impersonation of an Owner. The rule is the Owner-only one, worded
     * {@code owner_only}; {@code operator_only} (only an operator may impersonate an Owner)
     * says the same to a tenant member and is accepted too. Returns the error given.
     */
    private String assertRefusedAsOwnerOnly(String what, Rest.Response response) {
      assertThat(response.status()).as(what + " answered " + response.body()).isEqualTo(403);
      assertThat(response.json()).as(what).containsKey("error_description")
          .extractingByKey("error").isIn(OWNER_ONLY, "operator_only");
      return (String) response.json().get("error");
    }

    /** Impersonation opens a session of the impersonated person; oona never signs in. */
    private void assertNotImpersonated(String userId) {
      assertThat(ws.tenant().resource().users().get(userId).getUserSessions())
          .as("sessions of the Owner").isEmpty();
    }
  }

  /** k. Administrative roles for a client's service account. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ServiceAccounts {

    private Workspace ws;
    private String realmManagement;
    private String managersGroup;

    @BeforeAll
    void provision() {
      ws = Workspace.provision(server, "lock-sa");
      realmManagement = ws.clientUuid("realm-management");
      RealmResource tenant = ws.tenant().resource();
      RoleRepresentation ops = new RoleRepresentation();
      ops.setName("ops");
      tenant.roles().create(ops);
      tenant.roles().get("ops").addComposites(List.of(clientRole("manage-users")));
      GroupRepresentation group = new GroupRepresentation();
      group.setName("user-managers");
      try (Response created = tenant.groups().add(group)) {
        managersGroup = CreatedResponseUtil.getCreatedId(created);
      }
      tenant.groups().group(managersGroup).roles().clientLevel(realmManagement)
          .add(List.of(clientRole("manage-users")));
      signInStaff(ws);
    }

    @AfterAll
    void remove() {
      ws.close();
    }

    @Test
    void anAdminCannotMakeAServiceAccountAnAdministratorByAnyRoute() {
      String robot = serviceAccount("robot");
      String realmRoles = "users/" + robot + "/role-mappings/realm";
      String clientRoles = "users/" + robot + "/role-mappings/clients/" + realmManagement;
      Instant since = now();

      Map<String, Rest.Response> attempts = new LinkedHashMap<>();
      attempts.put("realm role admin", ws.call("POST", realmRoles, ws.adminToken(),
          List.of(ws.read("roles/admin"))));
      attempts.put("composite realm role holding manage-users", ws.call("POST", realmRoles,
          ws.adminToken(), List.of(ws.read("roles/ops"))));
      attempts.put("manage-users", ws.call("POST", clientRoles, ws.adminToken(),
          List.of(ws.read("clients/" + realmManagement + "/roles/manage-users"))));
      attempts.put("view-users", ws.call("POST", clientRoles, ws.adminToken(),
          List.of(ws.read("clients/" + realmManagement + "/roles/view-users"))));
      attempts.put("a group holding manage-users", ws.call("PUT",
          "users/" + robot + "/groups/" + managersGroup, ws.adminToken(), null));
      attempts.forEach((what, response) -> assertRefused("Admin grants " + what, response,
          OWNER_ONLY));
      assertRefused("Admin grants owner", ws.call("POST", realmRoles, ws.adminToken(),
          List.of(ws.read("roles/owner"))), OWNER_ONLY);

      Map<String, Object> mappings = ws.read("users/" + robot + "/role-mappings");
      assertThat(objects(mappings.getOrDefault("realmMappings", List.of())))
          .extracting(role -> (String) role.get("name"))
          .doesNotContain("owner", "admin", "ops");
      assertThat(objectOf(mappings.getOrDefault("clientMappings", Map.of())))
          .doesNotContainKey("realm-management");
      assertThat(ws.readList("users/" + robot + "/groups")).isEmpty();
      awaitRefusals(ws, since, ws.admin().id(), OWNER_ONLY, attempts.size());
    }

    @Test
    void anAdminStillGivesAServiceAccountAnOrdinaryRole() {
      String robot = serviceAccount("helper-robot");

      assertThat(ws.call("POST", "users/" + robot + "/role-mappings/realm", ws.adminToken(),
          List.of(ws.read("roles/editor"))).status()).isEqualTo(204);
    }

    @Test
    void anOwnerMakesAServiceAccountAnAdministratorOnTheRecord() {
      String robot = serviceAccount("trusted-robot");
      Instant since = now();

      assertThat(ws.call("POST", "users/" + robot + "/role-mappings/realm", ws.ownerToken(),
          List.of(ws.read("roles/admin"))).status()).isEqualTo(204);
      assertThat(ws.call("POST", "users/" + robot + "/role-mappings/clients/" + realmManagement,
          ws.ownerToken(), List.of(ws.read("clients/" + realmManagement + "/roles/view-users")))
          .status()).isEqualTo(204);

      Map<String, Object> mappings = ws.read("users/" + robot + "/role-mappings");
      assertThat(objects(mappings.get("realmMappings"))).extracting(role -> role.get("name"))
          .contains("admin");
      assertThat(objectOf(mappings.get("clientMappings"))).containsKey("realm-management");
      for (String action : List.of("REALM_ROLE_MAPPING_CREATE", "CLIENT_ROLE_MAPPING_CREATE")) {
        assertThat(audit.awaitEvents(ws.name(), Map.of("action", action,
            "actor", ws.owner().id(), "from", since.toString()), list -> !list.isEmpty()))
            .as(action).isNotEmpty();
      }
    }

    /** A confidential client with a service account, made by the operator; its user's id. */
    private String serviceAccount(String clientId) {
      ws.tenant().createConfidentialClient(clientId, clientId + "-secret-" + UUID.randomUUID());
      return ws.tenant().resource().clients().get(ws.clientUuid(clientId))
          .getServiceAccountUser().getId();
    }

    private RoleRepresentation clientRole(String name) {
      return ws.tenant().resource().clients().get(realmManagement).roles().get(name)
          .toRepresentation();
    }
  }

  /** l. The tenants API for an operator who may create realms and nothing else. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TenantsApi {

    private Tenants tenants;
    private TestRealm other;
    private String creatorClient;
    private String creatorToken;

    @BeforeAll
    void provision() {
      tenants = new Tenants(server);
      other = tenants.provision(Tenants.freshName("lock-other"), "teams");
      RealmResource master = server.admin().realm("master");
      String clientId = "lock-creator-" + UUID.randomUUID().toString().substring(0, 8);
      String secret = "creator-secret-" + UUID.randomUUID();
      ClientRepresentation client = new ClientRepresentation();
      client.setClientId(clientId);
      client.setEnabled(true);
      client.setPublicClient(false);
      client.setSecret(secret);
      client.setStandardFlowEnabled(false);
      client.setServiceAccountsEnabled(true);
      try (Response created = master.clients().create(client)) {
        creatorClient = CreatedResponseUtil.getCreatedId(created);
      }
      String serviceAccount = master.clients().get(creatorClient).getServiceAccountUser().getId();
      master.users().get(serviceAccount).roles().realmLevel()
          .add(List.of(master.roles().get("create-realm").toRepresentation()));
      var token = Rest.postForm(server.baseUrl() + "/realms/master/protocol/openid-connect/token",
          Map.of("grant_type", "client_credentials", "client_id", clientId,
              "client_secret", secret));
      assertThat(token.status()).as(token.body()).isEqualTo(200);
      creatorToken = (String) token.json().get("access_token");
    }

    @AfterAll
    void remove() {
      server.admin().realm("master").clients().get(creatorClient).remove();
      tenants.delete(other.name() + "?force=true", tenants.operatorToken());
    }

    @Test
    void createRealmAloneNeitherListsNorReadsNorRemovesAnotherTenant() {
      var listed = tenants.get("", creatorToken);
      var read = tenants.get(other.name(), creatorToken);
      var removed = tenants.delete(other.name() + "?force=true", creatorToken);
      var ownerInvitation = ownerInvitation(other.name());

      if (listed.status() == 200) {
        List<Map<String, Object>> names = listed.json(new TypeReference<>() { });
        assertThat(names).extracting(tenant -> tenant.get("name")).doesNotContain(other.name());
      } else {
        assertThat(listed.status()).as(listed.body()).isEqualTo(403);
      }
      assertThat(read.status()).as(read.body()).isIn(403, 404);
      assertThat(removed.status()).as(removed.body()).isIn(403, 404);
      assertThat(ownerInvitation.status()).as("refused before the tenant's SMTP is looked at: "
          + ownerInvitation.body()).isIn(403, 404);
      assertThat(tenants.get(other.name(), tenants.operatorToken()).status())
          .as("the tenant is still there").isEqualTo(200);
      assertThat(other.resource().toRepresentation().isEnabled()).isTrue();
    }

    private Rest.Response ownerInvitation(String tenant) {
      return Rest.send("POST", server.baseUrl() + "/admin/realms/master/tenants/" + tenant
          + "/owner-invitation", creatorToken, null, null);
    }

    /** What create-realm is for (docs/tenants.md): provisioning. */
    @Test
    void createRealmStillProvisionsATenant() {
      String name = Tenants.freshName("lock-new");
      try {
        var created = tenants.post(Tenants.request(name, "free"), creatorToken);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var ownerInvitation = ownerInvitation(name);
        assertThat(ownerInvitation.status()).as("its creator reaches the tenant's own SMTP check: "
            + ownerInvitation.body()).isEqualTo(409);
      } finally {
        tenants.delete(name + "?force=true", tenants.operatorToken());
      }
    }
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Signs the Owner and the Admin in before any attack: an attack that succeeds (a product
   * gap) may break sign-ins for the rest of its class, and must not hide the other results.
   */
  private static void signInStaff(Workspace ws) {
    ws.ownerToken();
    ws.adminToken();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  /** A refusal as the contract words it: 403 with a JSON error naming the rule. */
  private static void assertRefused(String what, Rest.Response response, String error) {
    assertThat(response.status()).as(what + " answered " + response.body()).isEqualTo(403);
    assertThat(response.json()).as(what).containsEntry("error", error)
        .containsKey("error_description");
  }

  /**
   * Waits for at least {@code atLeast} {@code POLICY_REFUSED} records of {@code error} since
   * {@code since} (by {@code actorId} unless null); each names the refused setting.
   */
  private static List<Map<String, Object>> awaitRefusals(Workspace ws, Instant since,
      String actorId, String error, int atLeast) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("action", "POLICY_REFUSED");
    filters.put("outcome", "failure:" + error);
    filters.put("from", since.toString());
    filters.put("max", "1000");
    if (actorId != null) {
      filters.put("actor", actorId);
    }
    var records = audit.awaitEvents(ws.name(), filters, list -> list.size() >= atLeast);
    assertThat(records).allSatisfy(record -> assertThat(AuditApi.object(record, "details"))
        .as("details of " + record).extractingByKey("setting").asString().isNotBlank());
    return records;
  }

  /** A top-level flow "weak" that asks for a password and nothing else. */
  private static Map<String, Object> weakFlow() {
    return Map.of("alias", WEAK, "description", "password only", "providerId", "basic-flow",
        "topLevel", true, "builtIn", false);
  }

  private static String flowId(Workspace ws, String alias) {
    return ws.readList("authentication/flows").stream()
        .filter(flow -> alias.equals(flow.get("alias")))
        .map(flow -> (String) flow.get("id")).findFirst()
        .orElseThrow(() -> new AssertionError("no flow " + alias));
  }

  private static String executionsPath(String flowAlias) {
    return "authentication/flows/" + segment(flowAlias) + "/executions";
  }

  /** A flow's executions as they are now, each with its place, kind and requirement. */
  private static List<String> executions(Workspace ws, String flowAlias) {
    List<String> steps = new ArrayList<>();
    for (Map<String, Object> step : ws.readList(executionsPath(flowAlias))) {
      steps.add(step.get("level") + "." + step.get("index") + " " + step.get("id") + " "
          + step.get("displayName") + " " + step.get("requirement"));
    }
    return steps;
  }

  private static Map<String, Object> step(List<Map<String, Object>> steps, String field,
      String value) {
    return steps.stream().filter(step -> value.equals(step.get(field))).findFirst()
        .orElseThrow(() -> new AssertionError("no execution with " + field + "=" + value
            + " in " + steps));
  }

  private static Map<String, Object> publicClient(Workspace ws, String clientId) {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("publicClient", true);
    client.put("standardFlowEnabled", true);
    client.put("redirectUris", List.of(ws.tenant().callbackUrl()));
    client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
    return client;
  }

  private static boolean clientExists(Workspace ws, String clientId) {
    return !ws.tenant().resource().clients().findByClientId(clientId).isEmpty();
  }

  /** An OIDC provider's settings: endpoints on this server, signatures checked by JWKS. */
  private static Map<String, Object> oidcConfig(String clientSecret) {
    String endpoints = "http://localhost:8080/realms/partner/protocol/openid-connect";
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("clientId", "palisade");
    config.put("clientSecret", clientSecret);
    config.put("clientAuthMethod", "client_secret_post");
    config.put("authorizationUrl", endpoints + "/auth");
    config.put("tokenUrl", endpoints + "/token");
    config.put("jwksUrl", endpoints + "/certs");
    config.put("userInfoUrl", endpoints + "/userinfo");
    config.put("logoutUrl", endpoints + "/logout");
    config.put("issuer", "http://localhost:8080/realms/partner");
    config.put("useJwksUrl", "true");
    config.put("validateSignature", "true");
    config.put("syncMode", "IMPORT");
    return config;
  }

  private static String someoneElsesPublicKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return Base64.getEncoder().encodeToString(
          generator.generateKeyPair().getPublic().getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is part of every JDK", e);
    }
  }

  /** A copy of {@code map} with {@code key} set to {@code value}. */
  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOf(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value == null ? List.of() : (List<String>) value;
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String tokenEndpoint(Workspace ws) {
    return server.baseUrl() + "/realms/" + ws.name() + "/protocol/openid-connect/token";
  }
}
