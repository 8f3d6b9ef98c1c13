package dev.palisade.testing;

import java.time.Duration;

import dasniko.testcontainers.keycloak.KeycloakContainer;

/**
 * JUnit 5 extension that gives tests the one dev-mode Palisade container of the test run: the
 * image the build just made, on its embedded H2, shared by every test class. Test classes use
 * {@code @ExtendWith(PalisadeServer.class)} and take a {@link PalisadeServer} parameter.
 */
public final class PalisadeServer extends SharedInstance {

  /** Where containers reach services on the test host (SMTP sink, PostgreSQL). */
  public static final String HOST_FROM_CONTAINER = "host.docker.internal";

  private KeycloakContainer container;

  @Override
  protected void start() {
    container = new KeycloakContainer(TestSettings.palisadeImage())
        .withExtraHost(HOST_FROM_CONTAINER, "host-gateway")
        .withEnv("KC_LOG_LEVEL", "INFO,palisade:debug")
        .withEnv(BootstrapAdmin.environment())
        .withAdminUsername(BootstrapAdmin.USERNAME)
        .withAdminPassword(BootstrapAdmin.PASSWORD)
        .withStartupTimeout(Duration.ofMinutes(5));
    container.start();
    started(container, BootstrapAdmin.client(baseUrl()));
    System.out.printf("Palisade image %s: Keycloak %s at %s%n", TestSettings.palisadeImage(),
        admin().serverInfo().getInfo().getSystemInfo().getVersion(), baseUrl());
  }

  @Override
  public String baseUrl() {
    return container.getAuthServerUrl().replaceAll("/$", "");
  }

  public KeycloakContainer container() {
    return container;
  }
}
