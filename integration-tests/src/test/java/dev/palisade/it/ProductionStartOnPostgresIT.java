package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;

import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The production path of the image: {@code start --optimized} on PostgreSQL, with the build
 * baked in at image build time, as docs/operator.md tells operators to run it.
 */
class ProductionStartOnPostgresIT {

  private static Properties database;
  private static GenericContainer<?> keycloak;

  @BeforeAll
  static void startOnPostgres() throws IOException {
    database = testDatabase();
    keycloak = new GenericContainer<>(TestSettings.palisadeImage())
        .withExtraHost(PalisadeServer.HOST_FROM_CONTAINER, "host-gateway")
        .withCommand("start", "--optimized", "--http-enabled=true", "--hostname-strict=false")
        .withEnv("KC_DB_URL", "jdbc:postgresql://" + database.getProperty("containerHost") + ":"
            + database.getProperty("port") + "/" + database.getProperty("database"))
        .withEnv("KC_DB_USERNAME", database.getProperty("username"))
        .withEnv("KC_DB_PASSWORD", database.getProperty("password"))
        .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "operator")
        .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "operator-password")
        .withExposedPorts(8080, 9000)
        .waitingFor(Wait.forHttp("/health/ready").forPort(9000).forStatusCode(200)
            .withStartupTimeout(Duration.ofMinutes(4)));
    keycloak.start();
  }

  @AfterAll
  static void stop() {
    if (keycloak != null) {
      keycloak.stop();
    }
  }

  @Test
  void startsWithoutRebuildingBecauseTheImageCarriesTheBuild() {
    assertThat(keycloak.getLogs())
        .contains("Keycloak " + TestSettings.keycloakVersion())
        // kc.sh prints this when it has to re-augment, which --optimized must never need.
        .doesNotContain("Updating the configuration and installing your custom providers");
  }

  @Test
  void keepsItsDataInPostgres() throws Exception {
    String url = "jdbc:postgresql://" + database.getProperty("host") + ":"
        + database.getProperty("port") + "/" + database.getProperty("database");
    try (var connection = DriverManager.getConnection(url, database.getProperty("username"),
            database.getProperty("password"));
         var result = connection.createStatement()
             .executeQuery("select count(*) from realm where name = 'master'")) {
      result.next();
      assertThat(result.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void servesOidcDiscoveryForMaster() throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080)
                + "/realms/master/.well-known/openid-configuration")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"issuer\"");
  }

  @Test
  void runsAsTheNonRootKeycloakUser() throws Exception {
    assertThat(keycloak.execInContainer("id", "-u").getStdout().trim()).isEqualTo("1000");
  }

  /** The cluster docker/test-postgres.sh started for this run (Maven's pre-integration-test). */
  private static Properties testDatabase() throws IOException {
    Path file = Path.of(TestSettings.required("palisade.test.postgres"));
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: the test PostgreSQL was not started"
          + " (docker/test-postgres.sh start, run by ./mvnw verify)");
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    return properties;
  }
}
