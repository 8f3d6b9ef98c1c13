package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.ChromiumBrowser;
import dev.palisade.testing.MailSink;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * Passkeys on the Palisade image in headless Debian Chromium with Chrome's virtual
 * authenticator: chosen at enrolment, used alone (the realm counts a user-verified passkey as
 * two factors), used as the second factor after a password, and refused from an authenticator
 * that cannot verify its user.
 */
@ExtendWith(PalisadeServer.class)
class PasskeyBrowserIT {

  private static final String CLIENT = "browser-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String NEW_PASSWORD = "tr0ubadour-and-a-new-horse";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static PalisadeServer server;
  private static TestRealm realm;
  private static AuditApi audit;
  private static MailSink mail;

  @BeforeAll
  static void createRealm(PalisadeServer palisade) {
    server = palisade;
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
    mail = MailSink.start();
    realm.useMailSink(mail);
    RealmRepresentation settings = realm.resource().toRepresentation();
    settings.setResetPasswordAllowed(true);
    realm.resource().update(settings);
    audit = new AuditApi(server);
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
    mail.close();
  }

  @Test
  void aPasskeyChosenAtEnrolmentSignsInAloneAndAfterAPassword() {
    String userId = realm.createUser("frank", PASSWORD);
    try (ChromiumBrowser browser = ChromiumBrowser.start()) {
      VirtualAuthenticator authenticator = browser.addPasskeyAuthenticator();
      ChromeDriver page = browser.driver();

      var enrolment = choosePasskeyAtFirstSignIn(page, "frank");
      saveRecoveryCodes(page);
      assertThat(enrolment.arrivedAt(awaitCallback(page)).exchangeCode()).containsKey("id_token");
      assertThat(authenticator.getCredentials()).hasSize(1);
      assertThat(realm.resource().users().get(userId).credentials())
          .extracting(CredentialRepresentation::getType)
          .contains("webauthn-passwordless", "recovery-authn-codes");

      // Passkey sign-in: the login page offers it (Chromium may answer its autofill request
      // before the button is pressed); no password is typed.
      page.manage().deleteAllCookies();
      var passwordless = OidcLoginDriver.prepare(server, realm, CLIENT);
      page.get(passwordless.authorizationRequest().toString());
      assertThat(passwordless.arrivedAt(awaitCallbackPressing(page, "authenticateWebAuthnButton"))
          .exchangeCode()).containsKey("access_token");
      assertThat(newestSignInFactors(userId, 2)).containsExactly("webauthn-passwordless");

      // A realm without passkey sign-in: the passkey is the second factor after the password.
      setPasskeySignIn(false);
      try {
        page.manage().deleteAllCookies();
        var secondFactor = signInWithPassword(page, "frank");
        assertThat(secondFactor.arrivedAt(awaitCallbackPressing(page,
            "authenticateWebAuthnButton")).exchangeCode()).containsKey("access_token");
        assertThat(newestSignInFactors(userId, 3))
            .containsExactly("password", "webauthn-passwordless");
      } finally {
        setPasskeySignIn(true);
      }
    }
  }

  /** A password reset confirmed with the passkey: the link, the passkey, the new password. */
  @Test
  void aPasskeyConfirmsAPasswordReset() {
    String userId = realm.createUser("gina", PASSWORD);
    try (ChromiumBrowser browser = ChromiumBrowser.start()) {
      browser.addPasskeyAuthenticator();
      ChromeDriver page = browser.driver();
      var enrolment = choosePasskeyAtFirstSignIn(page, "gina");
      saveRecoveryCodes(page);
      enrolment.arrivedAt(awaitCallback(page));

      // Passkey sign-in off, or Chromium's virtual authenticator answers the sign-in page's
      // passkey autofill at once and the "Forgot password?" link is never seen.
      setPasskeySignIn(false);
      try {
        resetWithPasskey(page, userId);
      } finally {
        setPasskeySignIn(true);
      }
    }
  }

  /** "Forgot password?", the username, the emailed link, the passkey, the new password. */
  private static void resetWithPasskey(ChromeDriver page, String userId) {
    page.manage().deleteAllCookies();
    var reset = OidcLoginDriver.prepare(server, realm, CLIENT);
    page.get(reset.authorizationRequest().toString());
    page.findElement(By.cssSelector("a[href*=reset-credentials]")).click();
    patiently(page, ExpectedConditions.elementToBeClickable(By.id("username")))
        .sendKeys("gina");
    page.findElement(By.cssSelector("#kc-reset-password-form [type=submit]")).click();
    patiently(page, ExpectedConditions.textToBePresentInElementLocated(
        By.tagName("body"), "You should receive an email"));
    page.get(MailSink.actionLink(
        mail.awaitMessagesTo("gina@palisade.test", 1, PATIENCE).get(0)).toString());
    click(page, "authenticateWebAuthnButton");
    patiently(page, ExpectedConditions.elementToBeClickable(By.id("password-new")))
        .sendKeys(NEW_PASSWORD);
    page.findElement(By.id("password-confirm")).sendKeys(NEW_PASSWORD);
    page.findElement(By.cssSelector("#kc-passwd-update-form [type=submit]")).click();

    assertThat(reset.arrivedAt(awaitCallback(page)).exchangeCode()).containsKey("access_token");
    audit.awaitSingle(realm.name(), Map.of("action", "RESET_COMPLETED", "target", userId));
  }

  @Test
  void anAuthenticatorThatCannotVerifyItsUserEnrolsNoPasskey() {
    String userId = realm.createUser("mallory", PASSWORD);
    try (ChromiumBrowser browser = ChromiumBrowser.start()) {
      VirtualAuthenticator authenticator = browser.addAuthenticatorWithoutUserVerification();
      ChromeDriver page = browser.driver();

      choosePasskeyAtFirstSignIn(page, "mallory");

      patiently(page, ExpectedConditions.or(
          ExpectedConditions.urlContains("code="),
          ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pf-m-danger, .alert-error,"
              + " #kc-error-message, .kc-feedback-text"))));
      assertThat(page.getCurrentUrl()).doesNotContain("code=");
      assertThat(authenticator.getCredentials()).isEmpty();
      assertThat(realm.resource().users().get(userId).credentials())
          .extracting(CredentialRepresentation::getType)
          .doesNotContain("webauthn-passwordless", "webauthn");
    }
  }

  /** Password, then "passkey" on the factor choice, then the registration button. */
  private static OidcLoginDriver choosePasskeyAtFirstSignIn(ChromeDriver page, String username) {
    var oidc = signInWithPassword(page, username);
    click(page, "palisade-factor-passkey");
    click(page, "registerWebAuthn");
    return oidc;
  }

  private static OidcLoginDriver signInWithPassword(ChromeDriver page, String username) {
    var oidc = OidcLoginDriver.prepare(server, realm, CLIENT);
    page.get(oidc.authorizationRequest().toString());
    page.findElement(By.id("username")).sendKeys(username);
    page.findElement(By.id("password")).sendKeys(PASSWORD);
    page.findElement(By.id("kc-login")).click();
    return oidc;
  }

  private static void saveRecoveryCodes(ChromeDriver page) {
    click(page, "kcRecoveryCodesConfirmationCheck");
    click(page, "saveRecoveryAuthnCodesBtn");
  }

  /**
   * Waits for {@code condition}, past the passkey-label prompt that Keycloak's registration
   * script opens at its own moment: the command that meets the prompt fails, so the prompt is
   * accepted (keeping the default label) and the wait goes on.
   */
  private static <T> T patiently(ChromeDriver page, ExpectedCondition<T> condition) {
    for (int prompts = 0; ; prompts++) {
      try {
        return new WebDriverWait(page, PATIENCE).until(condition);
      } catch (UnhandledAlertException prompt) {
        if (prompts == 3) {
          throw prompt;
        }
        try {
          page.switchTo().alert().accept();
        } catch (NoAlertPresentException alreadyAccepted) {
          // The driver's own prompt handling got there first.
        }
      }
    }
  }

  private static void click(ChromeDriver page, String id) {
    try {
      patiently(page, ExpectedConditions.elementToBeClickable(By.id(id))).click();
    } catch (TimeoutException e) {
      throw new AssertionError("no clickable #" + id + " on " + page.getCurrentUrl() + ": "
          + page.findElement(By.tagName("body")).getText(), e);
    }
  }

  /** Presses {@code id} if the page shows it before the flow reaches the callback by itself. */
  private static String awaitCallbackPressing(ChromeDriver page, String id) {
    patiently(page, ExpectedConditions.or(
        ExpectedConditions.urlContains("code="),
        ExpectedConditions.elementToBeClickable(By.id(id))));
    if (!page.getCurrentUrl().contains("code=")) {
      page.findElement(By.id(id)).click();
    }
    return awaitCallback(page);
  }

  /** The credential types of the newest of {@code signIns} audited sign-ins of the user. */
  @SuppressWarnings("unchecked")
  private static List<String> newestSignInFactors(String userId, int signIns) {
    var records = audit.awaitEvents(realm.name(), Map.of("action", "LOGIN", "target", userId,
        "outcome", "success"), list -> list.size() == signIns);
    return (List<String>) AuditApi.object(records.get(0), "details").get("factors");
  }

  private static void setPasskeySignIn(boolean enabled) {
    RealmRepresentation settings = realm.resource().toRepresentation();
    settings.setWebAuthnPolicyPasswordlessPasskeysEnabled(enabled);
    realm.resource().update(settings);
  }

  private static String awaitCallback(ChromeDriver page) {
    patiently(page, ExpectedConditions.urlContains("code="));
    return page.getCurrentUrl();
  }
}
