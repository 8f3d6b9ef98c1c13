package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Rest;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

/**
 * Only the operator's server configuration weakens a locked setting, and the server says so:
 * a server of its own, started with one setting unlocked and one flow-less token feature
 * re-enabled, logs both and lets exactly that setting change.
 */
class OperatorUnlockIT {

  private static KeycloakContainer server;
  private static Keycloak admin;

  @BeforeAll
  static void startWithAnUnlockedSetting() {
    server = new KeycloakContainer(TestSettings.palisadeImage())
        .withEnv(BootstrapAdmin.environment())
        .withEnv("KC_SPI_PALISADE_POLICY__DEFAULT__UNLOCKED", "brute-force")
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
        .contains("Keycloak feature 'jwt-authorization-grant' is enabled by this server's"
            + " configuration");
  }

  @Test
  void theUnlockedSettingChangesAndTheOthersStayLocked() {
    String realm = baseUrl() + "/admin/realms/master";
    String token = admin.tokenManager().getAccessTokenString();

    Rest.Response bruteForce = Rest.send("PUT", realm, token, "application/json",
        Rest.json(Map.of("bruteForceProtected", false)));
    Rest.Response browserFlow = Rest.send("PUT", realm, token, "application/json",
        Rest.json(Map.of("browserFlow", "browser")));

    assertThat(bruteForce.status()).isEqualTo(204);
    assertThat(admin.realm("master").toRepresentation().isBruteForceProtected()).isFalse();
    assertThat(browserFlow.status()).isEqualTo(403);
    assertThat(browserFlow.json()).containsEntry("error", "locked_setting");
    assertThat(admin.realm("master").toRepresentation().getBrowserFlow())
        .isEqualTo("palisade browser");
  }

  private static String baseUrl() {
    return server.getAuthServerUrl().replaceAll("/$", "");
  }
}
