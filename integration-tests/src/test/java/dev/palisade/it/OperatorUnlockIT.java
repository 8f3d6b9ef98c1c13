package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.Rest;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Only the operator's server configuration weakens a locked setting, and the server says so:
 * a server of its own, started with two settings unlocked and one flow-less token feature
 * re-enabled, logs them and lets exactly those settings change. Where an operator unlocked the
 * flow bindings, Palisade's check after every sign-in still fails a flow without the second
 * factor closed.
 */
class OperatorUnlockIT {

  private static final String CLIENT = "unlocked-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static KeycloakContainer server;
  private static Keycloak admin;

  @BeforeAll
  static void startWithAnUnlockedSetting() {
    server = new KeycloakContainer(TestSettings.palisadeImage())
        .withEnv(BootstrapAdmin.environment())
        .withEnv("KC_SPI_PALISADE_POLICY__DEFAULT__UNLOCKED", "brute-force,flow-bindings")
        .withEnv("KC_FEATURES_DISABLED", "ciba,token-exchange,workflows")
        .withAdminUsername(BootstrapAdmin.USERNAME)
        .withAdminPassword(BootstrapAdmin.PASSWORD)
        .withStartupTimeout(Duration.ofMinutes(5));
    server.start();
    admin = BootstrapAdmin.client(baseUrl());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void theServerLogsEveryWeakeningAtStart() {
    String warning = "Palisade policy: 'brute-force' is UNLOCKED by this server's configuration";
    // Read until it shows: Docker hands out a container's output a little after it is written.
    String logs = Eventually.until("the unlock warning in the log", Eventually.PATIENCE,
        server::getLogs, log -> log.contains(warning));
    assertThat(logs)
        .contains("Palisade policy: 'flow-bindings' is UNLOCKED by this server's configuration")
        .contains("Keycloak feature 'jwt-authorization-grant' is enabled by this server's"
            + " configuration");
  }

  @Test
  void theUnlockedSettingChangesAndTheOthersStayLocked() {
    String realm = baseUrl() + "/admin/realms/master";
    String token = admin.tokenManager().getAccessTokenString();

    Rest.Response bruteForce = Rest.send("PUT", realm, token, "application/json",
        Rest.json(Map.of("bruteForceProtected", false)));
    Rest.Response passkeys = Rest.send("PUT", realm, token, "application/json",
        Rest.json(Map.of("webAuthnPolicyPasswordlessUserVerificationRequirement",
            "discouraged")));

    assertThat(bruteForce.status()).isEqualTo(204);
    assertThat(admin.realm("master").toRepresentation().isBruteForceProtected()).isFalse();
    assertThat(passkeys.status()).isEqualTo(403);
    assertThat(passkeys.json()).containsEntry("error", "locked_setting");
    assertThat(admin.realm("master").toRepresentation()
        .getWebAuthnPolicyPasswordlessUserVerificationRequirement()).isEqualTo("required");
  }

  /**
   * The second line behind the lock: a realm bound to a flow that forgets the second factor
   * refuses the sign-in instead of letting it in, and records the refusal.
   */
  @Test
  void aFlowWithoutTheSecondFactorRefusesTheSignIn() {
    PalisadeInstance instance = instance();
    try (TestRealm realm = TestRealm.create(instance)) {
      realm.createPublicClient(CLIENT);
      var quinn = realm.createUserWithTotp("quinn", PASSWORD);
      String passwordOnly = realm.createPasswordOnlyFlow();
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setBrowserFlow(passwordOnly);
      realm.resource().update(settings);

      var driver = OidcLoginDriver.begin(instance, realm, CLIENT)
          .loginWithPassword("quinn", PASSWORD);

      assertThat(driver.finished()).as("no code").isFalse();
      assertThat(driver.currentPage().text()).contains("did not check your second factor");
      new AuditApi(instance).awaitSingle(realm.name(),
          Map.of("action", "MFA_SIGN_IN_REFUSED", "target", quinn.id()));
    }
  }

  private static PalisadeInstance instance() {
    return new PalisadeInstance() {
      @Override
      public String baseUrl() {
        return OperatorUnlockIT.baseUrl();
      }

      @Override
      public Keycloak admin() {
        return admin;
      }
    };
  }

  private static String baseUrl() {
    return server.getAuthServerUrl().replaceAll("/$", "");
  }
}
