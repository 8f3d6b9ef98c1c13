package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.palisade.testing.ChromiumBrowser;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium with Chrome's virtual authenticator registers a real WebAuthn
 * credential on the Palisade image's login pages: the harness later passkey tests use.
 */
@ExtendWith(PalisadeServer.class)
class PasskeyBrowserIT {

  private static final String CLIENT = "browser-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  @Test
  void registersAPasskeyWithTheVirtualAuthenticator(PalisadeServer server) {
    try (TestRealm realm = TestRealm.create(server); ChromiumBrowser browser = ChromiumBrowser.start()) {
      realm.createPublicClient(CLIENT);
      String userId = realm.createUser("frank", PASSWORD, "webauthn-register");
      var authenticator = browser.addPasskeyAuthenticator();
      var oidc = OidcLoginDriver.prepare(server, realm, CLIENT);
      var page = browser.driver();
      var wait = new WebDriverWait(page, Duration.ofSeconds(30));

      page.get(oidc.authorizationRequest().toString());
      page.findElement(By.id("username")).sendKeys("frank");
      page.findElement(By.id("password")).sendKeys(PASSWORD);
      page.findElement(By.id("kc-login")).click();
      wait.until(ExpectedConditions.elementToBeClickable(By.id("registerWebAuthn"))).click();
      wait.until(ExpectedConditions.urlContains("code="));

      assertThat(authenticator.getCredentials()).hasSize(1);
      assertThat(realm.resource().users().get(userId).credentials())
          .extracting(c -> c.getType()).contains("webauthn");
      assertThat(oidc.arrivedAt(page.getCurrentUrl()).exchangeCode()).containsKey("id_token");
    }
  }
}
