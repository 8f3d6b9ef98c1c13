package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.MailSink;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.ForbiddenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Password reset on the Palisade image through the real login pages and a real SMTP sink: the
 * email link, then an existing second factor, then the new password; never the link alone.
 * Each attack on Keycloak's reset flow is replayed as a test of its own.
 */
@ExtendWith(PalisadeServer.class)
class PasswordResetIT {

  private static final String CLIENT = "reset-app";
  private static final String OLD_PASSWORD = "correct-horse-battery-staple";
  private static final String NEW_PASSWORD = "tr0ubadour-and-a-new-horse";
  private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
  private static final String RESET_FLOW = "palisade reset credentials";
  private static final String RECOVERY_CODE = "auth-recovery-authn-code-form";

  private static PalisadeServer server;
  private static TestRealm realm;
  private static MailSink mail;
  private static AuditApi audit;

  @BeforeAll
  static void createRealm(PalisadeServer palisade) {
    server = palisade;
    mail = MailSink.start();
    realm = resetRealm();
    audit = new AuditApi(server);
  }

  /** A realm with the test client, mail to the sink and "Forgot password?" on. */
  private static TestRealm resetRealm() {
    TestRealm created = TestRealm.create(server);
    created.createPublicClient(CLIENT);
    created.useMailSink(mail);
    RealmRepresentation settings = created.resource().toRepresentation();
    settings.setResetPasswordAllowed(true);
    created.resource().update(settings);
    return created;
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
    mail.close();
  }

  @Nested
  class HappyPaths {

    @Test
    void withAnAuthenticatorAppTheFactorComesBeforeTheNewPassword() {
      var kim = realm.createUserWithTotp("kim", OLD_PASSWORD);
      String otpId = credentialId(kim.id(), "otp");
      var earlier = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "kim",
          OLD_PASSWORD, kim.totp()).exchangeCode();

      var reset = openResetLink(requestReset("kim"), "kim", 1);
      assertThat(onPasswordForm(reset)).as("password form before the factor").isFalse();
      SecondFactorSteps.enterCode(reset, kim.totp());
      assertThat(onPasswordForm(reset)).isTrue();
      reset.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));

      assertThat(reset.exchangeCode()).as("signed in: the factor was proven here")
          .containsKey("access_token");
      assertThat(credentialId(kim.id(), "otp")).as("the OTP credential is untouched")
          .isEqualTo(otpId);
      assertThat(refresh((String) earlier.get("refresh_token")).status())
          .as("the earlier session ended, although 'sign out other devices' was not ticked")
          .isEqualTo(400);
      assertThat(OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("kim", OLD_PASSWORD)
          .currentPage().selectFirst("input[name=otp]")).as("old password").isNull();
      var next = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("kim", NEW_PASSWORD);
      assertThat(next.finished()).as("the next sign-in still asks for the code").isFalse();
      SecondFactorSteps.enterCode(next, kim.totp());
      assertThat(next.authorizationCode()).isNotBlank();

      MimeMessage notice = mail.awaitMessagesTo("kim@palisade.test", 2, MAIL_WAIT).get(1);
      assertThat(MailSink.text(notice)).contains("password of your account was changed");
      var completed = audit.awaitSingle(realm.name(),
          Map.of("action", "RESET_COMPLETED", "target", kim.id()));
      assertThat(AuditApi.object(completed, "details")).containsEntry("notified", true)
          .containsEntry("sessionsEnded", 1);
      audit.awaitSingle(realm.name(), Map.of("action", "SEND_RESET_PASSWORD", "target", kim.id()));
    }

    @Test
    void aRecoveryCodeConfirmsTheResetOnceOnly() {
      realm.createUser("lena", OLD_PASSWORD);
      var enrolment = SecondFactorSteps.enrolAuthenticatorApp(
          OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("lena", OLD_PASSWORD));
      String code = enrolment.recoveryCodes().get(0);

      var reset = openResetLink(requestReset("lena"), "lena", 1);
      reset.submit(Map.of("authenticationExecution", executionId(RESET_FLOW, RECOVERY_CODE)));
      reset.submit(Map.of("recoveryCodeInput", code));
      assertThat(onPasswordForm(reset)).isTrue();
      reset.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));
      assertThat(reset.authorizationCode()).isNotBlank();

      var again = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("lena", NEW_PASSWORD)
          .submit(Map.of("authenticationExecution",
              executionId("palisade browser", RECOVERY_CODE)));
      again.submit(Map.of("recoveryCodeInput", code));
      assertThat(again.finished()).as("the used recovery code").isFalse();
    }
  }

  @Nested
  class Attacks {

    @Test
    void theEmailLinkAloneSetsNoPassword() {
      var max = realm.createUserWithTotp("max", OLD_PASSWORD);

      var reset = openResetLink(requestReset("max"), "max", 1);
      reset.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));

      assertThat(onPasswordForm(reset)).isFalse();
      assertThat(reset.finished()).isFalse();
      assertStillSignsInWithTheOldPassword("max", max);
    }

    /**
     * Keycloak's own reset flow, whose email link leads straight to the new password, cannot be
     * bound, not even by an operator's token (docs/security-model.md, "Locked settings"); the
     * link still leads to the second factor, and a password posted from it is not taken.
     */
    @Test
    void evenKeycloaksOwnResetFlowCannotSetAPasswordFromTheLinkAlone() {
      try (TestRealm stock = resetRealm()) {
        RealmRepresentation settings = stock.resource().toRepresentation();
        settings.setResetCredentialsFlow("reset credentials");
        assertThatThrownBy(() -> stock.resource().update(settings))
            .isInstanceOf(ForbiddenException.class);
        var vera = stock.createUserWithTotp("vera", OLD_PASSWORD);

        var reset = requestReset(stock, "vera").open(MailSink.actionLink(
            mail.awaitMessagesTo("vera@palisade.test", 1, MAIL_WAIT).get(0)));
        reset.post(reset.pageUrl(), Map.of("password-new", NEW_PASSWORD,
            "password-confirm", NEW_PASSWORD));

        assertThat(onPasswordForm(reset)).isFalse();
        var withOldPassword = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, stock, CLIENT),
            "vera", OLD_PASSWORD, vera.totp());
        assertThat(withOldPassword.authorizationCode()).as("the old password still works")
            .isNotBlank();
      }
    }

    @Test
    void aWrongCodeIsRefusedAndWrongCodesLockTheAccount() {
      try (TestRealm locked = resetRealm()) {
        RealmRepresentation settings = locked.resource().toRepresentation();
        settings.setFailureFactor(3);
        locked.resource().update(settings);
        var nina = locked.createUserWithTotp("nina", OLD_PASSWORD);

        var reset = requestReset(locked, "nina").open(MailSink.actionLink(
            mail.awaitMessagesTo("nina@palisade.test", 1, MAIL_WAIT).get(0)));
        for (int attempt = 0; attempt < 3; attempt++) {
          reset.submit(Map.of("otp", "000000"));
          assertThat(onPasswordForm(reset)).isFalse();
        }

        // Read at once: an attempt is counted before it is answered (docs/mfa.md, "Lockout
        // timing"). Three quick failures lock by the failure factor or by the quick-login rule.
        assertThat(locked.resource().attackDetection().bruteForceUserStatus(nina.id()))
            .containsEntry("disabled", true);
        var failures = audit.awaitEvents(locked.name(), Map.of("action", "RESET_PASSWORD",
            "target", nina.id(), "outcome", "failure:invalid_user_credentials"),
            list -> !list.isEmpty());
        assertThat(AuditApi.object(failures.get(0), "details")).containsEntry("factor", "otp");
      }
    }

    @Test
    void theEmailLinkWorksOnce() {
      var olga = realm.createUserWithTotp("olga", OLD_PASSWORD);
      var first = requestReset("olga");
      URI link = MailSink.actionLink(
          mail.awaitMessagesTo("olga@palisade.test", 1, MAIL_WAIT).get(0));
      first.open(link);
      SecondFactorSteps.enterCode(first, olga.totp());
      first.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));
      assertThat(first.authorizationCode()).isNotBlank();

      var replay = OidcLoginDriver.begin(server, realm, CLIENT).open(link);

      assertThat(onPasswordForm(replay)).isFalse();
      assertThat(replay.currentPage().selectFirst("input[name=otp]")).isNull();
    }

    @Test
    void theLinkOpenedInAnotherBrowserStillAsksForTheFactor() {
      var paul = realm.createUserWithTotp("paul", OLD_PASSWORD);
      requestReset("paul");
      URI link = MailSink.actionLink(
          mail.awaitMessagesTo("paul@palisade.test", 1, MAIL_WAIT).get(0));

      var otherBrowser = OidcLoginDriver.begin(server, realm, CLIENT).open(link);

      assertThat(onPasswordForm(otherBrowser)).isFalse();
      otherBrowser.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));
      assertThat(onPasswordForm(otherBrowser)).isFalse();
      assertStillSignsInWithTheOldPassword("paul", paul);
    }

    /**
     * CVE-2026-18963 class: after the username step, the flow is driven on to its later steps
     * (the factor, the new password) by naming their executions, without the email link.
     */
    @Test
    void theLaterStepsCannotBeReachedWithoutTheEmailLink() {
      var quentin = realm.createUserWithTotp("quentin", OLD_PASSWORD);
      var driver = requestReset("quentin");
      URI resetUrl = URI.create(server.baseUrl() + "/realms/" + realm.name()
          + "/login-actions/reset-credentials");

      String tab = tabId(driver);
      for (String authenticator : List.of("palisade-reset-factor-on-record", "auth-otp-form",
          "reset-password")) {
        String execution = executionId(RESET_FLOW, authenticator);
        driver.open(URI.create(resetUrl + "?client_id=" + CLIENT + "&tab_id=" + tab
            + "&execution=" + execution));
        assertThat(onPasswordForm(driver)).as("password form via " + authenticator).isFalse();
        assertThat(driver.currentPage().selectFirst("input[name=otp]"))
            .as("code prompt via " + authenticator).isNull();
      }
      assertStillSignsInWithTheOldPassword("quentin", quentin);
    }

    @Test
    void thePasswordFormCannotBeReachedByUrlBeforeTheFactor() {
      var rosa = realm.createUserWithTotp("rosa", OLD_PASSWORD);
      var reset = openResetLink(requestReset("rosa"), "rosa", 1);
      URI requiredAction = URI.create(server.baseUrl() + "/realms/" + realm.name()
          + "/login-actions/required-action?execution=UPDATE_PASSWORD&client_id=" + CLIENT
          + "&tab_id=" + tabId(reset));

      reset.open(requiredAction);
      assertThat(onPasswordForm(reset)).isFalse();
      reset.post(requiredAction, Map.of("password-new", NEW_PASSWORD,
          "password-confirm", NEW_PASSWORD));

      assertStillSignsInWithTheOldPassword("rosa", rosa);
    }

    @Test
    void nothingResetsOrReplacesTheSecondFactor() {
      var sven = realm.createUserWithTotp("sven", OLD_PASSWORD);
      String otpId = credentialId(sven.id(), "otp");

      var reset = openResetLink(requestReset("sven"), "sven", 1);
      SecondFactorSteps.enterCode(reset, sven.totp());
      reset.submit(Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD));

      assertThat(reset.authorizationCode()).as("no authenticator setup on the way").isNotBlank();
      assertThat(realm.resource().users().get(sven.id()).credentials())
          .filteredOn(c -> "otp".equals(c.getType())).extracting(CredentialRepresentation::getId)
          .containsExactly(otpId);
      assertThat(realm.resource().flows().getExecutions(RESET_FLOW))
          .extracting(e -> e.getProviderId()).doesNotContain("reset-otp");
    }

    @Test
    void aPersonWithoutAnyFactorIsSentToTheirAdmin() {
      String tom = realm.createUser("tom", OLD_PASSWORD);

      var reset = openResetLink(requestReset("tom"), "tom", 1);

      assertThat(reset.status()).isEqualTo(403);
      assertThat(reset.currentPage().text()).contains("Ask an administrator");
      assertThat(onPasswordForm(reset)).isFalse();
      audit.awaitSingle(realm.name(), Map.of("action", "RESET_REFUSED", "target", tom));
    }

    /** ASVS 6.3.8: the answer is the same for an account that exists and one that does not. */
    @Test
    void theAnswerIsTheSameForUnknownAndKnownAccounts() {
      realm.createUserWithTotp("uma", OLD_PASSWORD);

      var known = requestReset("uma");
      var unknown = requestReset("nobody-" + System.nanoTime());

      assertThat(unknown.status()).isEqualTo(known.status());
      assertThat(visibleText(unknown)).isEqualTo(visibleText(known))
          .contains("You should receive an email");
    }
  }

  /** From the sign-in page: "Forgot password?", then the username; ends on "email sent". */
  private static OidcLoginDriver requestReset(String username) {
    return requestReset(realm, username);
  }

  private static OidcLoginDriver requestReset(TestRealm in, String username) {
    return OidcLoginDriver.begin(server, in, CLIENT)
        .follow("a[href*=reset-credentials]")
        .submit("#kc-reset-password-form", Map.of("username", username));
  }

  /** Opens the link of the {@code nth} mail to the user in the browser that asked for it. */
  private static OidcLoginDriver openResetLink(OidcLoginDriver driver, String username, int nth) {
    MimeMessage message = mail.awaitMessagesTo(username + "@palisade.test", nth, MAIL_WAIT)
        .get(nth - 1);
    return driver.open(MailSink.actionLink(message));
  }

  private static boolean onPasswordForm(OidcLoginDriver driver) {
    return !driver.finished()
        && driver.currentPage().selectFirst("input[name=password-new]") != null;
  }

  private static void assertStillSignsInWithTheOldPassword(String username,
      TestRealm.TotpUser user) {
    var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), username,
        OLD_PASSWORD, user.totp());
    assertThat(driver.authorizationCode()).as("the old password still works").isNotBlank();
  }

  private static String visibleText(OidcLoginDriver driver) {
    return driver.currentPage().body().text();
  }

  private static String credentialId(String userId, String type) {
    return realm.resource().users().get(userId).credentials().stream()
        .filter(c -> type.equals(c.getType())).findFirst().orElseThrow().getId();
  }

  /** The id of the execution of {@code authenticator} in the flow {@code flowAlias}. */
  private static String executionId(String flowAlias, String authenticator) {
    return realm.resource().flows().getExecutions(flowAlias).stream()
        .filter(e -> authenticator.equals(e.getProviderId())).findFirst().orElseThrow().getId();
  }

  /** The tab id of the sign-in the driver is in, from its page's form. */
  private static String tabId(OidcLoginDriver driver) {
    String action = driver.formAction("form").getQuery();
    return List.of(action.split("&")).stream().filter(p -> p.startsWith("tab_id="))
        .map(p -> p.substring("tab_id=".length())).findFirst().orElseThrow();
  }

  private static Rest.Response refresh(String refreshToken) {
    return Rest.postForm(server.baseUrl() + "/realms/" + realm.name()
        + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
        "client_id", CLIENT, "refresh_token", refreshToken));
  }
}
