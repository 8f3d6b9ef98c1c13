package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import jakarta.ws.rs.ForbiddenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Mandatory MFA on the Palisade image, through the real login pages: nobody gets a code, token
 * or console session without a verified second factor, and no path leaves an account without
 * one. Each bypass Keycloak has known is replayed as a test of its own.
 */
@ExtendWith(PalisadeServer.class)
class MandatoryMfaIT {

  private static final String CLIENT = "mfa-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static PalisadeServer server;
  private static TestRealm realm;
  private static AuditApi audit;

  @BeforeAll
  static void createRealm(PalisadeServer palisade) {
    server = palisade;
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
    audit = new AuditApi(server);
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
  }

  @Nested
  class Enrolment {

    @Test
    void aPersonWithoutASecondFactorEnrolsOneBeforeAnyCodeIsIssued() {
      String userId = realm.createUser("amy", PASSWORD);

      var driver = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("amy", PASSWORD);

      assertThat(driver.finished()).as("no code before enrolment").isFalse();
      assertThat(SecondFactorSteps.onFactorChoice(driver)).isTrue();
      var enrolment = SecondFactorSteps.enrolAuthenticatorApp(driver);
      assertThat(driver.authorizationCode()).isNotBlank();
      assertThat(enrolment.recoveryCodes()).hasSizeGreaterThanOrEqualTo(10);
      assertThat(credentialTypes(userId)).contains("otp", "recovery-authn-codes");
      audit.awaitSingle(realm.name(), Map.of("action", "MFA_ENROLMENT_STARTED", "target", userId));
    }

    @Test
    void theFactorChoiceOffersNoWayOut() {
      realm.createUser("ben", PASSWORD);
      var driver = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("ben", PASSWORD);

      driver.submit("#palisade-factor-form", Map.of("factor", "none"));
      assertThat(driver.errorMessage()).contains("Choose a passkey or an authenticator app");
      driver.submit("#palisade-factor-form", Map.of("factor", "", "cancel-aia", "true"));

      assertThat(driver.finished()).isFalse();
      assertThat(SecondFactorSteps.onFactorChoice(driver)).isTrue();
      assertThat(driver.currentPage().select("a, button").eachText())
          .noneMatch(text -> text.matches("(?i).*(skip|later|cancel).*"));
    }

    @Test
    void afterEnrolmentEverySignInAsksForTheCode() {
      var cleo = realm.createUserWithTotp("cleo", PASSWORD);

      var wrong = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("cleo", PASSWORD)
          .submit(Map.of("otp", "000000"));
      assertThat(wrong.finished()).isFalse();

      var right = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "cleo",
          PASSWORD, cleo.totp());
      assertThat(right.exchangeCode()).containsKey("access_token");

      var signIns = audit.awaitEvents(realm.name(), Map.of("action", "LOGIN", "target", cleo.id()),
          list -> list.size() == 2);
      assertThat(signIns).extracting(record -> record.get("outcome"))
          .containsExactly("success", "failure:invalid_user_credentials");
      assertThat(AuditApi.object(signIns.get(0), "details"))
          .containsEntry("factors", List.of("password", "otp"));
      assertThat(AuditApi.object(signIns.get(1), "details")).containsEntry("factor", "otp");
    }

    @Test
    void aRecoveryCodeSignsInOnceOnly() {
      String userId = realm.createUser("dora", PASSWORD);
      var enrolment = SecondFactorSteps.enrolAuthenticatorApp(
          OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("dora", PASSWORD));
      String recoveryExecution = executionId("auth-recovery-authn-code-form");

      var first = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("dora", PASSWORD)
          .submit(Map.of("authenticationExecution", recoveryExecution));
      first.submit(Map.of("recoveryCodeInput", enrolment.recoveryCodes().get(0)));
      assertThat(first.authorizationCode()).isNotBlank();

      var replay = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("dora", PASSWORD)
          .submit(Map.of("authenticationExecution", recoveryExecution))
          .submit(Map.of("recoveryCodeInput", enrolment.recoveryCodes().get(0)));
      assertThat(replay.finished()).as("a used recovery code is refused").isFalse();
      assertThat(credentialTypes(userId)).contains("otp");
    }

    @Test
    void theMasterRealmsAdminMustEnrolToo() {
      var console = OidcLoginDriver.begin(server, "master", "security-admin-console",
          server.baseUrl() + "/admin/master/console/");

      console.loginWithPassword(BootstrapAdmin.USERNAME, BootstrapAdmin.PASSWORD);

      assertThat(console.finished()).as("no console session before enrolment").isFalse();
      assertThat(SecondFactorSteps.onFactorChoice(console)).isTrue();
    }
  }

  /**
   * The last factor through the account console's action and its races. Keycloak's account REST
   * API (#16442 / CVE-2026-3429) is replayed with a token that API accepts, from the
   * {@code account-console} client: {@code TenantAccountConsoleIT}.
   */
  @Nested
  class LastFactor {

    /** The account console removes credentials through this application-initiated action. */
    @Test
    void cannotBeRemovedThroughAnApplicationInitiatedDeleteCredential() {
      var finn = realm.createUserWithTotp("finn", PASSWORD);
      String otpId = credentialId(finn.id(), "otp");

      var driver = confirmRemoval(startRemoval(finn, "finn", otpId));

      assertThat(driver.finished() ? "" : driver.currentPage().text())
          .doesNotContain("Exception");
      assertThat(credentialTypes(finn.id())).contains("otp");
      audit.awaitSingle(realm.name(), Map.of("action", "MFA_REMOVAL_REFUSED", "target", finn.id()));
    }

    @Test
    void oneOfTwoFactorsMayBeRemovedRightAfterSigningIn() {
      var gina = realm.createUserWithTotp("gina", PASSWORD, 2);
      String otpId = credentialId(gina.id(), "otp");

      confirmRemoval(startRemoval(gina, "gina", otpId));

      assertThat(credentialTypes(gina.id())).containsOnlyOnce("otp");
    }

    @Test
    void parallelRemovalsOfTwoFactorsCannotRemoveBoth() throws Exception {
      var hank = realm.createUserWithTotp("hank", PASSWORD, 2);
      List<OidcLoginDriver> removals = realm.resource().users().get(hank.id()).credentials()
          .stream().filter(c -> c.getType().equals("otp"))
          .map(c -> startRemoval(hank, "hank", c.getId())).toList();

      inParallel(removals.stream().<Callable<Integer>>map(removal -> () -> {
        confirmRemoval(removal);
        return 0;
      }).toList());

      assertThat(credentialTypes(hank.id())).containsOnlyOnce("otp");
    }

    @Test
    void anAdminResetSignsThePersonOutAndMakesThemEnrolAgain() {
      var ivy = realm.createUserWithTotp("ivy", PASSWORD);
      var tokens = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "ivy",
          PASSWORD, ivy.totp()).exchangeCode();
      String adminToken = server.admin().tokenManager().getAccessTokenString();

      var reset = Rest.send("POST", mfaUrl(ivy.id()) + "/reset", adminToken, null, null);

      assertThat(reset.status()).isEqualTo(200);
      assertThat(credentialTypes(ivy.id())).doesNotContain("otp", "recovery-authn-codes");
      var refresh = Rest.postForm(tokenEndpoint(), Map.of("grant_type", "refresh_token",
          "client_id", CLIENT, "refresh_token", (String) tokens.get("refresh_token")));
      assertThat(refresh.status()).as("refresh after reset").isEqualTo(400);
      var next = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("ivy", PASSWORD);
      assertThat(SecondFactorSteps.onFactorChoice(next)).isTrue();
      var record = audit.awaitSingle(realm.name(), Map.of("action", "MFA_RESET"));
      assertThat(record.get("target")).isEqualTo(Map.of("type", "user", "id", ivy.id()));
    }

    @Test
    void aMemberWithoutManageUsersCannotResetAnother() {
      var jack = realm.createUserWithTotp("jack", PASSWORD);
      var kate = realm.createUserWithTotp("kate", PASSWORD);

      var response = Rest.send("POST", mfaUrl(kate.id()) + "/reset", accessToken("jack", jack),
          null, null);

      assertThat(response.status()).isEqualTo(403);
      assertThat(credentialTypes(kate.id())).contains("otp");
    }

    @Test
    void anUnknownMemberIsA404WithAJsonError() {
      String adminToken = server.admin().tokenManager().getAccessTokenString();

      var response = Rest.send("POST", mfaUrl("no-such-user") + "/reset", adminToken, null, null);

      assertThat(response.status()).isEqualTo(404);
      assertThat(response.json()).containsEntry("error", "not_found");
    }
  }

  @Nested
  class DirectGrant {

    @Test
    void aPasswordAloneGetsNoTokenAndTheSameAnswerAsAWrongPassword() {
      realm.createUser("liam", PASSWORD);
      var mona = realm.createUserWithTotp("mona", PASSWORD);
      String client = "legacy-app";
      realm.createConfidentialClient(client, "legacy-secret");
      var settings = realm.resource().clients().findByClientId(client).get(0);
      settings.setDirectAccessGrantsEnabled(true);
      realm.resource().clients().get(settings.getId()).update(settings);

      // With a code first: the failures below lock the account for a while (brute force).
      var withCode = passwordGrant(client, "mona", PASSWORD, mona.totp().unused());
      var noFactor = passwordGrant(client, "liam", PASSWORD, null);
      var factorNotGiven = passwordGrant(client, "mona", PASSWORD, null);
      var wrongPassword = passwordGrant(client, "liam", "wrong-" + PASSWORD, null);
      var machine = Rest.postForm(tokenEndpoint(), Map.of("grant_type", "client_credentials",
          "client_id", client, "client_secret", "legacy-secret"));

      assertThat(noFactor.status()).isEqualTo(400);
      assertThat(noFactor.body()).isEqualTo(wrongPassword.body());
      assertThat(factorNotGiven.status()).isEqualTo(400);
      assertThat(wrongPassword.status()).isEqualTo(400);
      assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
      assertThat(machine.status()).as("service accounts are machines").isEqualTo(200);
    }
  }

  /** OAuth 2.0 device authorization grant: the person signs in on another device's browser. */
  @Nested
  class DeviceGrant {

    private static final String DEVICE_CLIENT = "tv-app";

    @Test
    void theDeviceGetsATokenOnlyAfterTheSecondFactor() {
      createDeviceClient();
      var nora = realm.createUserWithTotp("nora", PASSWORD);
      var device = Rest.postForm(deviceEndpoint(), Map.of("client_id", DEVICE_CLIENT)).json();
      String deviceCode = (String) device.get("device_code");

      var browser = OidcLoginDriver.prepare(server, realm, CLIENT)
          .open(URI.create((String) device.get("verification_uri_complete")))
          .loginWithPassword("nora", PASSWORD);
      assertThat(pollDevice(deviceCode).json()).as("after the password alone")
          .containsEntry("error", "authorization_pending");
      SecondFactorSteps.enterCode(browser, nora.totp());
      // Keycloak may ask the person to let the device in (its consent page) before it issues.
      if (browser.currentPage().selectFirst("form[action*=consent]") != null) {
        browser.submit("form[action*=consent]", Map.of("accept", "Yes"));
      }
      // Until the interval the server gave has passed since the last poll, polls are answered
      // with "slow_down"; the next answer is the token, not "authorization_pending".
      var answer = Eventually.until("an answer other than slow_down",
          Duration.ofSeconds(((Number) device.get("interval")).longValue() + 20),
          Duration.ofSeconds(1), () -> pollDevice(deviceCode).json(),
          json -> !"slow_down".equals(json.get("error")));

      assertThat(answer).containsKey("access_token");
    }

    @Test
    void aPersonWithoutAFactorEnrolsBeforeTheDeviceGetsAToken() {
      createDeviceClient();
      realm.createUser("omar", PASSWORD);
      var device = Rest.postForm(deviceEndpoint(), Map.of("client_id", DEVICE_CLIENT)).json();

      var browser = OidcLoginDriver.prepare(server, realm, CLIENT)
          .open(URI.create((String) device.get("verification_uri_complete")))
          .loginWithPassword("omar", PASSWORD);

      assertThat(SecondFactorSteps.onFactorChoice(browser)).isTrue();
      assertThat(pollDevice((String) device.get("device_code")).json())
          .containsEntry("error", "authorization_pending");
    }

    private void createDeviceClient() {
      if (!realm.resource().clients().findByClientId(DEVICE_CLIENT).isEmpty()) {
        return;
      }
      var client = new ClientRepresentation();
      client.setClientId(DEVICE_CLIENT);
      client.setPublicClient(true);
      client.setStandardFlowEnabled(false);
      client.setAttributes(Map.of("oauth2.device.authorization.grant.enabled", "true"));
      realm.resource().clients().create(client).close();
    }

    private String deviceEndpoint() {
      return server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth/device";
    }

    private Rest.Response pollDevice(String deviceCode) {
      return Rest.postForm(tokenEndpoint(), Map.of("client_id", DEVICE_CLIENT,
          "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
          "device_code", deviceCode));
    }
  }

  @Nested
  class Bypasses {

    /** CVE-2025-3910 class: cancelling an enrolment started as an application-initiated action. */
    @Test
    void cancellingAnApplicationInitiatedEnrolmentDoesNotSkipIt() {
      realm.createUser("nina", PASSWORD);

      var driver = OidcLoginDriver.begin(server, realm, CLIENT,
          Map.of("kc_action", "CONFIGURE_TOTP")).loginWithPassword("nina", PASSWORD);
      for (int step = 0; step < 3 && !driver.finished(); step++) {
        driver.submit(Map.of("cancel-aia", "true"));
      }

      assertThat(driver.finished()).as("no code without a second factor").isFalse();
    }

    /** A person's enrolment form, posted from another sign-in, binds nothing to anyone. */
    @Test
    void anEnrolmentFormCannotBeReplayedFromAnotherSignIn() {
      String victimId = realm.createUser("olga", PASSWORD);
      String attackerId = realm.createUser("pete", PASSWORD);
      var victim = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("olga", PASSWORD)
          .submit("#palisade-factor-form", Map.of("factor", "otp"));
      var setup = victim.currentPage().selectFirst("#kc-totp-settings-form");
      var action = victim.formAction("#kc-totp-settings-form");
      var secret = setup.selectFirst("#totpSecret").val();
      var attacker = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("pete", PASSWORD)
          .submit("#palisade-factor-form", Map.of("factor", "otp"));

      attacker.post(action, Map.of("totpSecret", secret, "totp",
          dev.palisade.testing.Totp.forKeycloakSecret(secret).unused(), "userLabel", "stolen"));

      assertThat(attacker.finished()).isFalse();
      assertThat(credentialTypes(victimId)).doesNotContain("otp");
      assertThat(credentialTypes(attackerId)).doesNotContain("otp");
    }

    /**
     * A flow that forgets the second factor cannot be bound, not even by an operator's token
     * (docs/security-model.md, "Locked settings"), and the sign-in still asks for the factor.
     */
    @Test
    void aFlowWithoutTheSecondFactorCannotBeBound() {
      realm.createUserWithTotp("quinn", PASSWORD);
      String passwordOnly = realm.createPasswordOnlyFlow();
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setBrowserFlow(passwordOnly);

      assertThatThrownBy(() -> realm.resource().update(settings))
          .isInstanceOf(ForbiddenException.class);
      assertThat(realm.resource().toRepresentation().getBrowserFlow())
          .isEqualTo("palisade browser");
      var driver = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("quinn", PASSWORD);
      assertThat(driver.finished()).as("no code").isFalse();
      assertThat(driver.currentPage().select("input[name=otp]")).as("the code prompt")
          .isNotEmpty();
    }

    /**
     * Wrong codes count towards lockout like wrong passwords: each wrong code adds a failure,
     * and the third locks the account. Palisade counts an attempt before it answers it (docs/
     * mfa.md, "Lockout timing"), so the count is read right after each answer, not waited for.
     * Each code goes in once Keycloak's quick-login rule (a failure within a second of the
     * previous one locks for a minute) no longer applies, so the failure factor decides.
     */
    @Test
    void wrongCodesLockTheAccountLikeWrongPasswords() {
      try (TestRealm locked = TestRealm.create(server)) {
        locked.createPublicClient(CLIENT);
        RealmRepresentation settings = locked.resource().toRepresentation();
        settings.setFailureFactor(3);
        locked.resource().update(settings);
        long quickLogin = locked.resource().toRepresentation().getQuickLoginCheckMilliSeconds();
        var rita = locked.createUserWithTotp("rita", PASSWORD);

        var driver = OidcLoginDriver.begin(server, locked, CLIENT).loginWithPassword("rita", PASSWORD);
        for (int failures = 1; failures <= 3; failures++) {
          long lastFailure = ((Number) lockout(locked, rita.id()).get("lastFailure")).longValue();
          Eventually.until("the quick-login window after the failure at " + lastFailure,
              Duration.ofSeconds(5), System::currentTimeMillis,
              now -> now > lastFailure + quickLogin);

          driver.submit(Map.of("otp", "000000"));

          assertThat(driver.currentPage().selectFirst("input[name=otp]"))
              .as("the code prompt again").isNotNull();
          assertThat(lockout(locked, rita.id())).as("right after wrong code " + failures)
              .containsEntry("numFailures", failures)
              .containsEntry("disabled", failures == 3);
        }
        var afterLockout = OidcLoginDriver.begin(server, locked, CLIENT)
            .loginWithPassword("rita", PASSWORD);

        assertThat(afterLockout.currentPage().selectFirst("input[name=otp]"))
            .as("the right password no longer reaches the code prompt").isNull();
        assertThat(lockout(locked, rita.id())).containsEntry("disabled", true);
      }
    }

    /** docs/mfa.md, "Lockout timing": Keycloak's protector is replaced under its own id. */
    @Test
    void theServerCountsEverySignInAttemptBeforeAnsweringIt() {
      var protector = server.admin().serverInfo().getInfo().getProviders()
          .get("bruteForceProtector").getProviders().get("default-brute-force-detector");

      assertThat(protector).as("the brute-force protector").isNotNull();
      assertThat(protector.getOperationalInfo())
          .containsEntry("attempts", "one at a time per person, counted before the answer");
    }

    /**
     * CVE-2024-4629: parallel wrong passwords do not race past the lockout. Keycloak 26 lets one
     * attempt per user run at a time and refuses the others as locked without checking their
     * password, so a burst gets no more guesses checked than the failure factor allows; each
     * attempt, checked or refused, leaves its own audit record.
     */
    @Test
    void parallelWrongPasswordsDoNotRacePastTheLockout() throws Exception {
      try (TestRealm locked = TestRealm.create(server)) {
        locked.createPublicClient(CLIENT);
        RealmRepresentation settings = locked.resource().toRepresentation();
        settings.setFailureFactor(3);
        locked.resource().update(settings);
        var sam = locked.createUserWithTotp("sam", PASSWORD);
        int bursts = 4;
        int burst = 12;

        for (int round = 0; round < bursts; round++) {
          List<OidcLoginDriver> attempts = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            attempts.add(OidcLoginDriver.begin(server, locked, CLIENT));
          }
          inParallel(attempts.stream().<Callable<Integer>>map(attempt -> () -> {
            attempt.loginWithPassword("sam", "guess-" + System.nanoTime());
            return 0;
          }).toList());
        }
        var rightPassword = OidcLoginDriver.begin(server, locked, CLIENT)
            .loginWithPassword("sam", PASSWORD);

        assertThat(rightPassword.currentPage().selectFirst("input[name=otp]"))
            .as("the right password no longer reaches the code prompt").isNull();
        assertThat(lockout(locked, sam.id())).containsEntry("disabled", true);
        var failures = audit.awaitEvents(locked.name(),
            Map.of("action", "LOGIN", "target", sam.id(), "max", "500"),
            list -> list.size() == bursts * burst + 1);
        assertThat(failures).extracting(record -> record.get("outcome"))
            .containsOnly("failure:invalid_user_credentials", "failure:user_temporarily_disabled")
            .filteredOn("failure:invalid_user_credentials"::equals)
            .as("passwords actually checked").hasSizeLessThanOrEqualTo(3);
      }
    }
  }

  private static String accessToken(String username, TestRealm.TotpUser user) {
    return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT),
        username, PASSWORD, user.totp()).exchangeCode().get("access_token");
  }

  private static Rest.Response passwordGrant(String client, String username, String password,
      String otp) {
    var form = new java.util.LinkedHashMap<>(Map.of("grant_type", "password",
        "client_id", client, "client_secret", "legacy-secret", "username", username,
        "password", password));
    if (otp != null) {
      form.put("otp", otp);
    }
    return Rest.postForm(tokenEndpoint(), form);
  }

  /** Signs in with {@code kc_action=delete_credential}, up to the confirmation page. */
  private static OidcLoginDriver startRemoval(TestRealm.TotpUser user, String username,
      String credentialId) {
    return SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT,
        Map.of("kc_action", "delete_credential:" + credentialId)), username, PASSWORD,
        user.totp());
  }

  private static OidcLoginDriver confirmRemoval(OidcLoginDriver driver) {
    assertThat(driver.currentPage().selectFirst("#kc-accept")).as("removal confirmation")
        .isNotNull();
    return driver.submit(Map.of("accept", ""));
  }

  /** Keycloak's brute-force status of a user: numFailures, disabled, lastFailure, … */
  private static Map<String, Object> lockout(TestRealm in, String userId) {
    return in.resource().attackDetection().bruteForceUserStatus(userId);
  }

  private static List<Integer> inParallel(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<Integer>> futures = pool.invokeAll(calls);
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> credentialTypes(String userId) {
    return realm.resource().users().get(userId).credentials().stream()
        .map(CredentialRepresentation::getType).toList();
  }

  private static String credentialId(String userId, String type) {
    return realm.resource().users().get(userId).credentials().stream()
        .filter(c -> c.getType().equals(type)).findFirst().orElseThrow().getId();
  }

  private static String executionId(String authenticator) {
    return realm.resource().flows().getExecutions("palisade browser").stream()
        .filter(e -> authenticator.equals(e.getProviderId()))
        .map(AuthenticationExecutionInfoRepresentation::getId).findFirst().orElseThrow();
  }

  private static String mfaUrl(String userId) {
    return server.baseUrl() + "/admin/realms/" + realm.name() + "/mfa/users/" + userId;
  }

  private static String tokenEndpoint() {
    return server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/token";
  }
}
