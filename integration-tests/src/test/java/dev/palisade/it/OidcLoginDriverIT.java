package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The harness's login driver and TOTP generator against the real login pages of the Palisade
 * image: what later features' tests build on.
 */
@ExtendWith(PalisadeServer.class)
class OidcLoginDriverIT {

  private static final String CLIENT = "harness-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static PalisadeServer server;
  private static TestRealm realm;

  @BeforeAll
  static void createRealm(PalisadeServer palisade) {
    server = palisade;
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
  }

  @AfterAll
  static void deleteRealm() {
    realm.close();
  }

  @Nested
  class WithPassword {

    @Test
    void codeFlowWithPkceYieldsTokensForTheUser() {
      var alice = realm.createUserWithTotp("alice", PASSWORD);

      var tokens = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT),
          "alice", PASSWORD, alice.totp()).exchangeCode();

      assertThat(OidcLoginDriver.claims((String) tokens.get("access_token")))
          .containsEntry("preferred_username", "alice")
          .containsEntry("azp", CLIENT);
    }

    @Test
    void wrongPasswordStaysOnTheLoginPageWithAnError() {
      realm.createUser("bob", PASSWORD);

      var driver = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("bob", "not-" + PASSWORD);

      assertThat(driver.finished()).isFalse();
      assertThat(driver.errorMessage()).containsIgnoringCase("invalid username or password");
    }
  }

  @Nested
  class WithTotp {

    @Test
    void enrolsOtpOnTheSetupPageThenLogsInWithACode() {
      realm.createUser("carol", PASSWORD, "CONFIGURE_TOTP");

      var enrolment = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("carol", PASSWORD);
      var setupForm = enrolment.currentPage().selectFirst("#kc-totp-settings-form");
      assertThat(setupForm).as("OTP setup form").isNotNull();
      Totp totp = Totp.forKeycloakSecret(setupForm.selectFirst("#totpSecret").val());
      enrolment.submit("#kc-totp-settings-form", Map.of("totp", totp.now(), "userLabel", "phone"))
          .authorizationCode();

      var login = OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("carol", PASSWORD);
      assertThat(login.currentPage().selectFirst("input[name=otp]")).as("OTP field").isNotNull();
      // The enrolment used the current period's code; Keycloak refuses to see a code twice.
      var tokens = login.submit(Map.of("otp", totp.next())).exchangeCode();

      assertThat(tokens).containsKey("access_token");
    }

    @Test
    void wrongCodeIsRefused() {
      realm.createUser("dave", PASSWORD, "CONFIGURE_TOTP");

      var driver = OidcLoginDriver.begin(server, realm, CLIENT)
          .loginWithPassword("dave", PASSWORD)
          .submit("#kc-totp-settings-form", Map.of("totp", "000000", "userLabel", "phone"));

      assertThat(driver.finished()).isFalse();
      assertThat(driver.errorMessage()).isNotBlank();
    }
  }
}
