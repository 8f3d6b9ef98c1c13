package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production path of the image: {@code start --optimized} on PostgreSQL, with the build
 * baked in at image build time, as docs/operator.md tells operators to run it.
 */
@ExtendWith(PalisadeOnPostgres.class)
class ProductionStartOnPostgresIT {

  @Test
  void startsWithoutRebuildingBecauseTheImageCarriesTheBuild(PalisadeOnPostgres server) {
    // The start-up line reaches the container's log around the time the server answers.
    String logs = Eventually.until("Keycloak's start-up line in the log", Eventually.PATIENCE,
        () -> server.container().getLogs(),
        log -> log.contains("Keycloak " + TestSettings.keycloakVersion()));
    assertThat(logs)
        // kc.sh prints this when it has to re-augment, which --optimized must never need.
        .doesNotContain("Updating the configuration and installing your custom providers");
  }

  @Test
  void keepsItsDataInPostgres(PalisadeOnPostgres server) throws Exception {
    try (var connection = server.database().connectAsKeycloak();
         var result = connection.createStatement()
             .executeQuery("select count(*) from realm where name = 'master'")) {
      result.next();
      assertThat(result.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void servesOidcDiscoveryForMaster(PalisadeOnPostgres server) throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            server.baseUrl() + "/realms/master/.well-known/openid-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"issuer\"");
  }

  @Test
  void runsAsTheNonRootKeycloakUser(PalisadeOnPostgres server) throws Exception {
    assertThat(server.container().execInContainer("id", "-u").getStdout().trim())
        .isEqualTo("1000");
  }
}
