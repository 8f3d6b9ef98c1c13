package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.ThemeInfoRepresentation;

/** The image the build made is the server the product promises, with Palisade loaded. */
@ExtendWith(PalisadeServer.class)
class PalisadeImageIT {

  @Test
  void runsTheKeycloakVersionPalisadeShipsOn(PalisadeServer server) {
    assertThat(serverInfo(server).getSystemInfo().getVersion())
        .isEqualTo(TestSettings.keycloakVersion());
  }

  @Test
  void loadsTheAuditListenerFromThePalisadeProvidersJar(PalisadeServer server) {
    ProviderRepresentation audit = serverInfo(server).getProviders()
        .get("eventsListener").getProviders().get("palisade-audit");

    assertThat(audit).as("palisade-audit event listener").isNotNull();
    assertThat(audit.getOperationalInfo())
        .containsEntry("palisade-version", TestSettings.palisadeVersion());
  }

  @Test
  void offersThePalisadeLoginAndEmailThemes(PalisadeServer server) {
    var themes = serverInfo(server).getThemes();

    assertThat(names(themes.get("login"))).contains("palisade");
    assertThat(names(themes.get("email"))).contains("palisade");
  }

  @Test
  void runsAsTheNonRootKeycloakUser(PalisadeServer server) throws Exception {
    var id = server.container().execInContainer("id", "-u");

    assertThat(id.getStdout().trim()).isEqualTo("1000");
  }

  /** docs/security-model.md, "Locked settings": no way to a person's tokens around the flows. */
  @Test
  void disablesTheFeaturesThatIssueTokensWithoutTheRealmsFlows(PalisadeServer server) {
    var profile = serverInfo(server).getProfileInfo();

    assertThat(profile.getDisabledFeatures())
        .contains("JWT_AUTHORIZATION_GRANT", "CIBA", "WORKFLOWS", "TOKEN_EXCHANGE");
  }

  @Test
  void enforcesEveryLockedSetting(PalisadeServer server) {
    ProviderRepresentation policy = serverInfo(server).getProviders()
        .get("palisade-policy").getProviders().get("default");

    assertThat(policy).as("the palisade-policy provider").isNotNull();
    assertThat(policy.getOperationalInfo()).containsEntry("unlocked", "");
  }

  private static ServerInfoRepresentation serverInfo(PalisadeServer server) {
    return server.admin().serverInfo().getInfo();
  }

  private static List<String> names(List<ThemeInfoRepresentation> themes) {
    return themes.stream().map(ThemeInfoRepresentation::getName).toList();
  }
}
