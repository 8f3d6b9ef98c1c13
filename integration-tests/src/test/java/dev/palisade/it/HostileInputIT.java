package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.HostileValues;
import dev.palisade.testing.HostileValues.Body;
import dev.palisade.testing.HostileValues.Value;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.RawHttp;
import dev.palisade.testing.RawHttp.Request;
import dev.palisade.testing.Rest;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Tenants;
import jakarta.ws.rs.core.Response;
import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Hostile input, generated: oversized and odd headers, parameters, path segments, JSON fields
 * and whole bodies, sent to the sign-in pages, the token endpoint and every Palisade endpoint.
 * Each answer is below 500 and carries no stack trace; a Palisade endpoint's refusal is a JSON
 * error; a refused request changes nothing; and no failed sign-in loses its audit record or
 * escapes the brute-force count, whatever its user agent.
 */
@ExtendWith(PalisadeServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String SIGN_IN_CLIENT = "fuzz-app";
  private static final String DIRECT_CLIENT = "fuzz-direct";
  private static final String MARKER = "…[truncated]";
  /** Stack frames and fully qualified exception names: what a leaked stack trace shows. */
  private static final Pattern STACK_TRACE = Pattern.compile(
      "\\bat (?:[a-z][\\w$]*\\.)+[\\w$<>]+\\((?:[\\w$]+\\.java:\\d+|Unknown Source|Native Method)\\)"
          + "|\\b(?:java|javax|jakarta|org|io|com|dev)\\.(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*"
          + "(?:Exception|Error)\\b");
  /** Refusals of the HTTP layer, before Keycloak: no body to shape, nothing reached Palisade. */
  private static final List<Integer> HTTP_LAYER_REFUSALS = List.of(400, 413, 414, 431);
  /** The brute-force settings of the lockout realm: every failure counts, three lock. */
  private static final int FAILURE_FACTOR = 3;

  private static PalisadeServer server;
  private static RawHttp http;
  private static AuditApi audit;
  private static Tenants tenants;
  private static TestRealm tenant;
  private static String ownerId;
  private static String memberId;
  private static String fuzzUser;
  private static final List<String> extraTenants = new ArrayList<>();
  /** Every answer, for the summary printed at the end: target, slot, value, status. */
  private static final Queue<String> outcomes = new ConcurrentLinkedQueue<>();
  /** Login form posts that Keycloak answered with its page, so each must have left a record. */
  private static int signInFailuresAnswered;

  @BeforeAll
  static void tenantUnderAttack(PalisadeServer palisade) {
    server = palisade;
    http = new RawHttp(server.baseUrl());
    audit = new AuditApi(server);
    tenants = new Tenants(server);
    tenant = tenants.provision(Tenants.freshName("hostile"), "teams");
    ownerId = tenant.resource().users().search("owner@" + tenant.name() + ".test", true).get(0)
        .getId();
    memberId = tenant.createUser("member", PASSWORD);
    fuzzUser = "fuzz-user";
    tenant.createUser(fuzzUser, PASSWORD);
    tenant.createPublicClient(SIGN_IN_CLIENT);
    ClientRepresentation direct = new ClientRepresentation();
    direct.setClientId(DIRECT_CLIENT);
    direct.setPublicClient(true);
    direct.setDirectAccessGrantsEnabled(true);
    direct.setStandardFlowEnabled(true);
    direct.setRedirectUris(List.of(tenant.callbackUrl()));
    try (Response response = tenant.resource().clients().create(direct)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }

  @AfterAll
  static void removeTenantsAndReport() {
    // Left behind only if their own deletion failed; a 404 here is the usual answer.
    for (String name : extraTenants) {
      tenants.delete(name + "?force=true", tenants.operatorToken());
    }
    if (tenant != null) {
      tenants.delete(tenant.name() + "?force=true", tenants.operatorToken());
    }
    Map<String, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(
        line -> line.substring(line.lastIndexOf(' ') + 1), java.util.TreeMap::new,
        Collectors.counting()));
    System.out.printf("HostileInputIT: %d requests, answers by status %s%n", outcomes.size(),
        byStatus);
    if (Boolean.getBoolean("palisade.hostile.verbose")) {
      outcomes.forEach(line -> System.out.println("  " + line));
    }
  }

  // ---------------------------------------------------------------------------------------
  // The sign-in path
  // ---------------------------------------------------------------------------------------

  @TestFactory
  @Order(1)
  Stream<DynamicTest> theSignInPage() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String header : List.of("User-Agent", "X-Forwarded-For", "Accept-Language")) {
      for (Value value : HostileValues.headerValues()) {
        tests.add(probe("GET sign-in page, " + header + ": " + value, false, null,
            () -> http.send(signInPageRequest(Map.of()).with(
                new RawHttp.Header(header, value.bytes())))));
      }
    }
    for (String parameter : List.of("client_id", "redirect_uri", "state", "scope", "login_hint",
        "ui_locales", "nonce", "prompt", "response_type", "code_challenge")) {
      for (Value value : HostileValues.parameterValues()) {
        tests.add(probe("GET sign-in page, " + parameter + "=" + value, false, null,
            () -> http.send(signInPageRequest(Map.of(parameter, value.encoded())))));
      }
    }
    return tests.stream();
  }

  @TestFactory
  @Order(2)
  Stream<DynamicTest> theSignInForm() {
    List<DynamicTest> tests = new ArrayList<>();
    // The sign-in page's own refusals (an unknown redirect URI…) are failures of this client
    // too: counted first, once they are all sealed.
    tests.add(DynamicTest.dynamicTest("failures recorded before the form is posted", () -> {
      audit.awaitSealedUpToNow(tenant.name());
      signInFailuresAnswered = signInFailures().size();
    }));
    for (String header : List.of("User-Agent", "X-Forwarded-For", "Accept-Language")) {
      for (Value value : HostileValues.headerValues()) {
        tests.add(signIn("POST sign-in form, " + header + ": " + value,
            Value.of("unknown user", "nobody-" + header), Value.of("password", "wrong"),
            new RawHttp.Header(header, value.bytes())));
      }
    }
    for (Value value : HostileValues.costlyParameterValues()) {
      tests.add(signIn("POST sign-in form, username=" + value, value,
          Value.of("password", "wrong"), null));
      tests.add(signIn("POST sign-in form, password=" + value + " for a real user",
          Value.of("real user", fuzzUser), value, null));
    }
    tests.add(DynamicTest.dynamicTest("every failed sign-in answered left exactly one record",
        () -> {
          int expected = signInFailuresAnswered;
          assertThat(expected).isPositive();
          awaitSignInFailures(expected);
          // Then none more: everything committed by now is sealed and would show.
          audit.awaitSealedUpToNow(tenant.name());
          List<Map<String, Object>> records = signInFailures();
          assertThat(records).as("LOGIN failure records of " + SIGN_IN_CLIENT)
              .hasSize(expected);
          records.forEach(HostileInputIT::assertBounded);
        }));
    return tests.stream();
  }

  private DynamicTest signIn(String name, Value username, Value password,
      RawHttp.Header hostileHeader) {
    return probe(name, false, null, () -> {
      SignInPage page = openSignInPage(SIGN_IN_CLIENT, null);
      Request post = page.post(username, password);
      RawHttp.Response response = http.send(hostileHeader == null ? post
          : post.with(hostileHeader));
      if (response.status() == 200 && response.text().contains("<form")) {
        signInFailuresAnswered++;
      }
      return response;
    });
  }

  private List<Map<String, Object>> signInFailures() {
    return audit.events(tenant.name(), Map.of("action", "LOGIN", "outcome", "failure",
            "max", "1000")).stream()
        .filter(record -> SIGN_IN_CLIENT.equals(AuditApi.object(record, "details").get("clientId")))
        .toList();
  }

  private List<Map<String, Object>> awaitSignInFailures(int count) {
    return Awaitility.await("sign-in failure records").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250)).until(this::signInFailures,
            list -> list.size() >= count);
  }

  @TestFactory
  @Order(3)
  Stream<DynamicTest> theTokenEndpoint() {
    List<DynamicTest> tests = new ArrayList<>();
    Map<String, String> passwordGrant = Map.of("grant_type", "password", "client_id",
        DIRECT_CLIENT, "username", "nobody", "password", "wrong", "scope", "openid");
    for (String header : List.of("User-Agent", "X-Forwarded-For", "Accept-Language")) {
      for (Value value : HostileValues.headerValues()) {
        tests.add(probe("POST token (password), " + header + ": " + value, false, null,
            () -> http.send(tokenRequest(passwordGrant, Map.of()).with(
                new RawHttp.Header(header, value.bytes())))));
      }
    }
    for (Value value : HostileValues.costlyParameterValues()) {
      tests.add(probe("POST token (password), username=" + value, false, null,
          () -> http.send(tokenRequest(passwordGrant, Map.of("username", value.encoded())))));
      tests.add(probe("POST token (password), password=" + value + " for a real user", false,
          null, () -> http.send(tokenRequest(passwordGrant, Map.of("username", fuzzUser,
              "password", value.encoded())))));
    }
    Map<String, String> refreshGrant = Map.of("grant_type", "refresh_token", "client_id",
        DIRECT_CLIENT, "refresh_token", "x");
    Map<String, String> codeGrant = Map.of("grant_type", "authorization_code", "client_id",
        SIGN_IN_CLIENT, "code", "x", "redirect_uri", tenant.callbackUrl(), "code_verifier",
        "v".repeat(43));
    for (Value value : HostileValues.parameterValues()) {
      tests.add(probe("POST token (refresh), refresh_token=" + value, false, null,
          () -> http.send(tokenRequest(refreshGrant, Map.of("refresh_token", value.encoded())))));
      tests.add(probe("POST token (code), code=" + value, false, null,
          () -> http.send(tokenRequest(codeGrant, Map.of("code", value.encoded())))));
      tests.add(probe("POST token (code), code_verifier=" + value, false, null,
          () -> http.send(tokenRequest(codeGrant, Map.of("code_verifier", value.encoded())))));
      tests.add(probe("POST token, grant_type=" + value, false, null,
          () -> http.send(tokenRequest(passwordGrant, Map.of("grant_type", value.encoded())))));
      tests.add(probe("POST token, client_id=" + value, false, null,
          () -> http.send(tokenRequest(passwordGrant, Map.of("client_id", value.encoded())))));
    }
    for (Body body : HostileValues.jsonBodies()) {
      tests.add(probe("POST token, body " + body, false, null, () -> http.send(
          new Request("POST", tokenPath(), List.of(), null).body(body.contentType(),
              body.bytes()))));
    }
    tests.add(probe("POST token, a 5 MB form field", false, null, () -> http.send(
        tokenRequest(passwordGrant, Map.of("username", "u".repeat(5_000_000))))));
    return tests.stream();
  }

  // ---------------------------------------------------------------------------------------
  // Palisade's endpoints
  // ---------------------------------------------------------------------------------------

  @TestFactory
  @Order(4)
  Stream<DynamicTest> theTenantsApi() {
    List<DynamicTest> tests = new ArrayList<>();
    Supplier<Object> tenantNames = () -> tenantList().stream().map(t -> t.get("name"))
        .sorted().toList();
    String existing = tenant.name();
    Map<String, Object> conflicting = Tenants.request(existing, "teams");
    tests.addAll(withHostileHeaders("GET tenants", tenantNames,
        () -> admin("GET", "/admin/realms/master/tenants")));
    tests.addAll(withHostileHeaders("POST tenants (an existing name)", tenantNames,
        () -> admin("POST", "/admin/realms/master/tenants").body("application/json",
            json(conflicting))));
    tests.addAll(withHostileHeaders("GET tenants/{name}", null,
        () -> admin("GET", "/admin/realms/master/tenants/" + existing)));
    tests.addAll(withHostileHeaders("DELETE tenants/{name} (not exported)", tenantNames,
        () -> admin("DELETE", "/admin/realms/master/tenants/" + existing)));
    for (Value value : HostileValues.parameterValues()) {
      tests.add(palisade("GET tenants/" + value, null,
          () -> admin("GET", "/admin/realms/master/tenants/" + value.encoded())));
      tests.add(palisade("DELETE tenants/" + value, tenantNames,
          () -> admin("DELETE", "/admin/realms/master/tenants/" + value.encoded())));
      tests.add(palisade("DELETE tenants/{name}?force=" + value, tenantNames,
          () -> admin("DELETE", "/admin/realms/master/tenants/" + existing + "?force="
              + value.encoded())));
    }
    for (Body body : HostileValues.jsonBodies()) {
      tests.add(palisade("POST tenants, body " + body, tenantNames,
          () -> admin("POST", "/admin/realms/master/tenants").body(body.contentType(),
              body.bytes())));
    }
    // A request valid but for one field, naming the tenant that exists: a field Palisade
    // accepts then meets the conflict instead of making a tenant (about a second each).
    for (List<String> field : List.of(List.of("name"), List.of("plan"), List.of("displayName"),
        List.of("owner", "email"), List.of("owner", "firstName"), List.of("owner", "lastName"))) {
      for (Value value : HostileValues.costlyParameterValues()) {
        tests.add(palisade("POST tenants, " + String.join(".", field) + "=" + value,
            tenantNames, () -> admin("POST", "/admin/realms/master/tenants").body(
                "application/json", json(HostileValues.replacing(conflicting, field,
                    value.text())))));
      }
    }
    // Two tenants made and removed with a hostile user agent: both trails record it, bounded.
    for (Value value : HostileValues.headerValues().stream().filter(v -> List.of(
        "2,000 characters", "bytes that are no UTF-8").contains(v.name())).toList()) {
      String name = Tenants.freshName("hostile");
      extraTenants.add(name);
      tests.add(palisade("POST tenants, User-Agent: " + value, null,
          () -> admin("POST", "/admin/realms/master/tenants").body("application/json",
              json(Tenants.request(name, "free"))).with(new RawHttp.Header("User-Agent",
                  value.bytes()))));
      tests.add(palisade("DELETE tenants/{name}?force=true, User-Agent: " + value, null,
          () -> admin("DELETE", "/admin/realms/master/tenants/" + name + "?force=true")
              .with(new RawHttp.Header("User-Agent", value.bytes()))));
    }
    return tests.stream();
  }

  @TestFactory
  @Order(5)
  Stream<DynamicTest> thePermissionsApi() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    String base = "/admin/realms/" + tenant.name() + "/permissions";
    Supplier<Object> catalogue = () -> adminJson("GET", base + "/catalogue");
    Supplier<Object> member = () -> adminJson("GET", base + "/members/" + memberId);
    Map<String, Object> current = JSON.readValue(http.send(admin("GET", base + "/catalogue"))
        .text(), new TypeReference<>() { });
    // The catalogue as it is, written back: a change that changes nothing, but is recorded.
    Map<String, Object> sameCatalogue = new LinkedHashMap<>(current);
    byte[] noOverrides = json(Map.of("grant", List.of(), "revoke", List.of()));

    tests.addAll(withHostileHeaders("GET permissions/catalogue", null,
        () -> admin("GET", base + "/catalogue")));
    tests.addAll(withHostileHeaders("PUT permissions/catalogue (unchanged)", catalogue,
        () -> admin("PUT", base + "/catalogue").body("application/json", json(sameCatalogue))));
    tests.addAll(withHostileHeaders("GET permissions/members/{id}", null,
        () -> admin("GET", base + "/members/" + memberId)));
    tests.addAll(withHostileHeaders("PUT permissions/members/{id} (no overrides)", member,
        () -> admin("PUT", base + "/members/" + memberId).body("application/json",
            noOverrides)));
    for (Value value : HostileValues.parameterValues()) {
      tests.add(palisade("GET permissions/members/" + value, null,
          () -> admin("GET", base + "/members/" + value.encoded())));
      tests.add(palisade("PUT permissions/members/" + value, member,
          () -> admin("PUT", base + "/members/" + value.encoded()).body("application/json",
              noOverrides)));
      tests.add(palisade("PUT permissions/members/{id}, grant=[" + value + "]", member,
          () -> admin("PUT", base + "/members/" + memberId).body("application/json",
              json(Map.of("grant", List.of(value.text()), "revoke", List.of())))));
    }
    for (Body body : HostileValues.jsonBodies()) {
      tests.add(palisade("PUT permissions/catalogue, body " + body, catalogue,
          () -> admin("PUT", base + "/catalogue").body(body.contentType(), body.bytes())));
      tests.add(palisade("PUT permissions/members/{id}, body " + body, member,
          () -> admin("PUT", base + "/members/" + memberId).body(body.contentType(),
              body.bytes())));
    }
    for (String field : List.of("name", "description")) {
      for (Value value : HostileValues.costlyParameterValues()) {
        tests.add(palisade("PUT permissions/catalogue, permissions[0]." + field + "=" + value,
            catalogue, () -> admin("PUT", base + "/catalogue").body("application/json",
                json(withFirstPermission(current, field, value.text())))));
      }
    }
    tests.add(DynamicTest.dynamicTest("the catalogue is put back", () -> assertThat(
        http.send(admin("PUT", base + "/catalogue").body("application/json",
            json(sameCatalogue))).status()).isEqualTo(200)));
    return tests.stream();
  }

  @TestFactory
  @Order(6)
  Stream<DynamicTest> theMfaApi() {
    List<DynamicTest> tests = new ArrayList<>();
    String base = "/admin/realms/" + tenant.name() + "/mfa/users/";
    Supplier<Object> ownerFactors = () -> adminJson("GET", base + ownerId);
    tests.addAll(withHostileHeaders("GET mfa/users/{id}", null,
        () -> admin("GET", base + memberId)));
    tests.addAll(withHostileHeaders("POST mfa/users/{id}/reset (a member without factors)",
        null, () -> admin("POST", base + memberId + "/reset")));
    for (Value value : HostileValues.parameterValues()) {
      tests.add(palisade("GET mfa/users/" + value, null,
          () -> admin("GET", base + value.encoded())));
      tests.add(palisade("POST mfa/users/" + value + "/reset", ownerFactors,
          () -> admin("POST", base + value.encoded() + "/reset")));
    }
    for (Body body : HostileValues.jsonBodies()) {
      tests.add(palisade("POST mfa/users/{id}/reset, body " + body, null,
          () -> admin("POST", base + memberId + "/reset").body(body.contentType(),
              body.bytes())));
    }
    return tests.stream();
  }

  @TestFactory
  @Order(7)
  Stream<DynamicTest> theAuditApi() {
    List<DynamicTest> tests = new ArrayList<>();
    String base = "/admin/realms/" + tenant.name() + "/audit/";
    for (String path : List.of("events", "export", "export?format=csv", "verify", "checkpoints",
        "keys")) {
      tests.addAll(withHostileHeaders("GET audit/" + path, null, () -> admin("GET", base + path)));
    }
    for (Value value : HostileValues.parameterValues()) {
      for (String parameter : List.of("from", "to", "actor", "action", "target", "outcome",
          "first", "max")) {
        tests.add(palisade("GET audit/events?" + parameter + "=" + value, null,
            () -> admin("GET", base + "events?" + parameter + "=" + value.encoded())));
      }
      for (String parameter : List.of("format", "from", "actor")) {
        tests.add(palisade("GET audit/export?" + parameter + "=" + value, null,
            () -> admin("GET", base + "export?" + parameter + "=" + value.encoded())));
      }
      for (String parameter : List.of("first", "max")) {
        tests.add(palisade("GET audit/checkpoints?" + parameter + "=" + value, null,
            () -> admin("GET", base + "checkpoints?" + parameter + "=" + value.encoded())));
      }
    }
    for (String instant : List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
        "2026-13-45T25:61:61Z", "2026-01-01T00:00:00.123456789012Z")) {
      tests.add(palisade("GET audit/events?from=" + instant, null,
          () -> admin("GET", base + "events?from=" + Value.of(instant, instant).encoded())));
    }
    return tests.stream();
  }

  @Test
  @Order(8)
  void theTrailsHoldEveryHostileValueBoundedAndStillVerify() throws Exception {
    for (String realm : List.of(tenant.name(), "master")) {
      Map<String, Object> verify = audit.verify(realm);
      assertThat(verify).as("verify " + realm).containsEntry("ok", true)
          .containsEntry("unchained", 0);
    }
    List<Map<String, Object>> records = audit.events(tenant.name(), Map.of("max", "1000"));
    records.forEach(HostileInputIT::assertBounded);
    assertThat(records).as("records written with a 2,000-character user agent")
        .anySatisfy(record -> assertThat((String) record.get("userAgent"))
            .hasSize(1024).endsWith(MARKER));
    String rightToLeft = HostileValues.headerValues().stream()
        .filter(v -> v.name().equals("right-to-left and emoji")).findFirst().orElseThrow().text();
    assertThat(records).as("records of a user agent written in UTF-8, as written")
        .anySatisfy(record -> assertThat(record.get("userAgent")).isEqualTo(rightToLeft));
    String export = audit.export(tenant.name(), Map.of());
    var offline = dev.palisade.testing.OfflineVerifier.verify(export,
        audit.jwks(tenant.name()));
    assertThat(offline.exitCode()).as(offline.output()).isZero();
  }

  // ---------------------------------------------------------------------------------------
  // The issue itself: an oversized user agent must not switch off lockout or the trail
  // ---------------------------------------------------------------------------------------

  @ParameterizedTest(name = "a {0}-character User-Agent")
  @ValueSource(ints = {2_000, 100_000})
  @Order(9)
  void wrongPasswordsWithAnOversizedUserAgentAreCountedLockTheAccountAndAreRecorded(
      int length) {
    try (TestRealm realm = TestRealm.create(server)) {
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setBruteForceProtected(true);
      settings.setPermanentLockout(true);
      settings.setMaxTemporaryLockouts(0);
      settings.setFailureFactor(FAILURE_FACTOR);
      // Attempts come quicker than a person types: no quick-login pause, so each one counts.
      settings.setQuickLoginCheckMilliSeconds(1L);
      realm.resource().update(settings);
      realm.createPublicClient("app");
      String userId = realm.createUser("victim", PASSWORD);
      String userAgent = "Mozilla/5.0 " + "A".repeat(length - 12);

      SignInPage first = openSignInPage(realm, "app", userAgent);
      if (HTTP_LAYER_REFUSALS.contains(first.status()) && length > 20_000) {
        // The HTTP layer refuses headers this large before Keycloak sees the request: nothing to
        // count, nothing to record, and nothing was signed in.
        outcomes.add("lockout, User-Agent of " + length + " characters: refused "
            + first.status());
        assertThat(bruteForce(realm, userId).get("numFailures")).isEqualTo(0);
        return;
      }
      for (int attempt = 1; attempt <= FAILURE_FACTOR; attempt++) {
        SignInPage page = attempt == 1 ? first : openSignInPage(realm, "app", userAgent);
        RawHttp.Response answer = http.send(page.post(Value.of("victim", "victim"),
            Value.of("wrong", "wrong-" + attempt)).with("User-Agent", userAgent));
        assertThat(answer.status()).as("attempt " + attempt).isLessThan(500);
        assertNoStackTrace("attempt " + attempt, answer);
        int counted = attempt;
        Awaitility.await("failure " + attempt + " counted").atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ((Number) bruteForce(realm, userId).get("numFailures")).intValue(),
                failures -> failures == counted);
      }
      Awaitility.await("account locked").atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> bruteForce(realm, userId).get("disabled"), Boolean.TRUE::equals);
      assertThat(realm.resource().users().get(userId).toRepresentation().isEnabled()).isFalse();

      Map<String, String> failures = Map.of("action", "LOGIN", "outcome", "failure",
          "target", userId);
      audit.awaitEvents(realm.name(), failures, list -> list.size() >= FAILURE_FACTOR);
      audit.awaitSingle(realm.name(), Map.of("action", "USER_DISABLED_BY_PERMANENT_LOCKOUT",
          "target", userId));
      List<Map<String, Object>> records = audit.events(realm.name(), failures);
      assertThat(records).hasSize(FAILURE_FACTOR).allSatisfy(record -> {
        assertThat(record).containsEntry("outcome", "failure:invalid_user_credentials");
        assertThat((String) record.get("userAgent")).hasSize(1024).endsWith(MARKER)
            .startsWith("Mozilla/5.0 AAAA");
      });
    }
  }

  // ---------------------------------------------------------------------------------------
  // How a case is sent and judged
  // ---------------------------------------------------------------------------------------

  /** A case against a Palisade endpoint: a refusal must be a JSON error. */
  private static DynamicTest palisade(String name, Supplier<Object> state,
      Supplier<Request> request) {
    return probe(name, true, state, () -> http.send(request.get()));
  }

  /** The same request once per hostile value of each header the issue names. */
  private static List<DynamicTest> withHostileHeaders(String name, Supplier<Object> state,
      Supplier<Request> request) {
    List<DynamicTest> tests = new ArrayList<>();
    for (String header : List.of("User-Agent", "X-Forwarded-For", "Accept-Language")) {
      for (Value value : HostileValues.headerValues()) {
        tests.add(palisade(name + ", " + header + ": " + value, state,
            () -> request.get().with(new RawHttp.Header(header, value.bytes()))));
      }
    }
    return tests;
  }

  private static DynamicTest probe(String name, boolean palisade, Supplier<Object> state,
      Supplier<RawHttp.Response> send) {
    return DynamicTest.dynamicTest(name, () -> {
      Object before = state == null ? null : state.get();
      RawHttp.Response response = send.get();
      outcomes.add(name + " -> " + response.status());
      assertThat(response.status()).as(name + ": " + RawHttp.abbreviate(response.text()))
          .isBetween(100, 499);
      assertNoStackTrace(name, response);
      boolean refused = response.status() >= 400;
      if (palisade && refused && !(response.body().length == 0
          && HTTP_LAYER_REFUSALS.contains(response.status()))) {
        assertThat(response.header("Content-Type")).as(name + " content type")
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> error = JSON.readValue(response.body(), new TypeReference<>() { });
        assertThat(error).as(name + " error body").containsKey("error");
      }
      if (refused && state != null) {
        assertThat(state.get()).as(name + " changed nothing").isEqualTo(before);
      }
    });
  }

  private static void assertNoStackTrace(String name, RawHttp.Response response) {
    String body = response.text();
    assertThat(STACK_TRACE.matcher(body).find())
        .as(name + " leaks a stack trace: " + RawHttp.abbreviate(body)).isFalse();
  }

  /** A record as stored: every value within its column, no control character. */
  @SuppressWarnings("unchecked")
  private static void assertBounded(Map<String, Object> record) {
    assertThat((String) record.get("userAgent")).satisfiesAnyOf(
        ua -> assertThat(ua).isNull(), ua -> assertThat(ua.length()).isLessThanOrEqualTo(1024));
    for (String field : List.of("ip", "action", "outcome", "realm")) {
      assertThat((String) record.get(field)).as(field).satisfiesAnyOf(
          v -> assertThat(v).isNull(), v -> assertThat(v.length()).isLessThanOrEqualTo(255));
    }
    Map<String, Object> actor = (Map<String, Object>) record.get("actor");
    assertThat((String) actor.get("username")).satisfiesAnyOf(v -> assertThat(v).isNull(),
        v -> assertThat(v.length()).isLessThanOrEqualTo(255));
    strings(record).forEach(text -> assertThat(text)
        .as("a stored value holds no control character nor half a surrogate pair")
        .doesNotContainPattern("[\\p{Cc}&&[^\\t\\n\\r]]|[\\p{Cs}]"));
  }

  /** Every key and string value of a record, at every level. */
  private static Stream<String> strings(Object value) {
    if (value instanceof String text) {
      return Stream.of(text);
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().flatMap(e -> Stream.concat(Stream.of(
          String.valueOf(e.getKey())), strings(e.getValue())));
    }
    if (value instanceof Collection<?> list) {
      return list.stream().flatMap(HostileInputIT::strings);
    }
    return Stream.empty();
  }

  // ---------------------------------------------------------------------------------------
  // Requests
  // ---------------------------------------------------------------------------------------

  private static Request admin(String method, String path) {
    return new Request(method, path, List.of(), null)
        .with("Authorization", "Bearer " + tenants.operatorToken())
        .with("Accept", "application/json");
  }

  private static Object adminJson(String method, String path) {
    RawHttp.Response response = http.send(admin(method, path));
    assertThat(response.status()).as(method + " " + path).isEqualTo(200);
    return response.text();
  }

  private static List<Map<String, Object>> tenantList() {
    return Rest.send("GET", server.baseUrl() + "/admin/realms/master/tenants",
        tenants.operatorToken(), null, null).json(new TypeReference<>() { });
  }

  private static Request signInPageRequest(Map<String, String> encodedOverrides) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("client_id", SIGN_IN_CLIENT);
    parameters.put("redirect_uri", Value.of("", tenant.callbackUrl()).encoded());
    parameters.put("response_type", "code");
    parameters.put("scope", "openid");
    parameters.put("state", "s");
    parameters.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    parameters.put("code_challenge_method", "S256");
    parameters.putAll(encodedOverrides);
    return Request.get("/realms/" + tenant.name() + "/protocol/openid-connect/auth?"
        + parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&")));
  }

  private static String tokenPath() {
    return "/realms/" + tenant.name() + "/protocol/openid-connect/token";
  }

  /** A token request: {@code form} with {@code encodedOverrides} (already percent-encoded). */
  private static Request tokenRequest(Map<String, String> form,
      Map<String, String> encodedOverrides) {
    Map<String, String> fields = new LinkedHashMap<>();
    form.forEach((key, value) -> fields.put(key, Value.of(key, value).encoded()));
    fields.putAll(encodedOverrides);
    String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
    return new Request("POST", tokenPath(), List.of(), null)
        .body("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.US_ASCII));
  }

  /** The login page of a fresh sign-in: where its form posts, with the cookies it set. */
  private record SignInPage(int status, String action, String cookies) {

    Request post(Value username, Value password) {
      String form = "username=" + username.encoded() + "&password=" + password.encoded()
          + "&credentialId=";
      return new Request("POST", action, List.of(), null)
          .with("Cookie", cookies)
          .body("application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static SignInPage openSignInPage(String clientId, String userAgent) {
    return openSignInPage(signInPageRequest(Map.of("client_id", clientId)), userAgent);
  }

  private static SignInPage openSignInPage(TestRealm realm, String clientId, String userAgent) {
    String query = "client_id=" + clientId + "&redirect_uri="
        + Value.of("", realm.callbackUrl()).encoded() + "&response_type=code&scope=openid"
        + "&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        + "&code_challenge_method=S256";
    return openSignInPage(Request.get("/realms/" + realm.name()
        + "/protocol/openid-connect/auth?" + query), userAgent);
  }

  private static SignInPage openSignInPage(Request request, String userAgent) {
    RawHttp.Response page = http.send(userAgent == null ? request
        : request.with("User-Agent", userAgent));
    if (page.status() != 200) {
      return new SignInPage(page.status(), null, null);
    }
    Element form = Jsoup.parse(page.text(), server.baseUrl()).selectFirst("form");
    assertThat(form).as("the sign-in form").isNotNull();
    URI action = URI.create(form.absUrl("action"));
    String cookies = page.all("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
        .collect(Collectors.joining("; "));
    return new SignInPage(200, action.getRawPath() + "?" + action.getRawQuery(), cookies);
  }

  private static Map<String, Object> bruteForce(TestRealm realm, String userId) {
    return realm.resource().attackDetection().bruteForceUserStatus(userId);
  }

  private static byte[] json(Object body) {
    return Rest.json(body).getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withFirstPermission(Map<String, Object> catalogue,
      String field, String value) {
    Map<String, Object> copy = new LinkedHashMap<>(catalogue);
    List<Map<String, Object>> permissions = new ArrayList<>(
        (Collection<Map<String, Object>>) catalogue.get("permissions"));
    Map<String, Object> first = new LinkedHashMap<>(permissions.get(0));
    first.put(field, value);
    permissions.set(0, first);
    copy.put("permissions", permissions);
    return copy;
  }

}
