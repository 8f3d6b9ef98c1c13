package dev.palisade.testing;

import java.time.Duration;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.keycloak.admin.client.Keycloak;

/**
 * JUnit 5 extension that gives tests the one dev-mode Palisade container of the test run: the
 * image the build just made, on its embedded H2, shared by every test class. Test classes use
 * {@code @ExtendWith(PalisadeServer.class)} and take a {@link PalisadeServer} parameter.
 */
public final class PalisadeServer extends SharedInstance implements PalisadeInstance {

  /** Where containers reach services on the test host (SMTP sink, PostgreSQL). */
  public static final String HOST_FROM_CONTAINER = "host.docker.internal";

  private KeycloakContainer container;
  private Keycloak admin;

  @Override
  protected void start() {
    container = new KeycloakContainer(TestSettings.palisadeImage())
        .withExtraHost(HOST_FROM_CONTAINER, "host-gateway")
        .withEnv("KC_LOG_LEVEL", "INFO,palisade:debug")
        .withStartupTimeout(Duration.ofMinutes(5));
    container.start();
    admin = container.getKeycloakAdminClient();
    System.out.printf("Palisade image %s: Keycloak %s at %s%n", TestSettings.palisadeImage(),
        admin.serverInfo().getInfo().getSystemInfo().getVersion(), baseUrl());
  }

  @Override
  public String baseUrl() {
    return container.getAuthServerUrl().replaceAll("/$", "");
  }

  @Override
  public Keycloak admin() {
    return admin;
  }

  public KeycloakContainer container() {
    return container;
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    if (container != null) {
      container.stop();
    }
  }
}
