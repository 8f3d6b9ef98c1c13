package dev.palisade.testing;

import java.time.Duration;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.keycloak.admin.client.Keycloak;
import org.testcontainers.DockerClientFactory;

/**
 * JUnit 5 extension that gives tests the one Palisade container of the test run: the image the
 * build just made, started once in dev mode and shared by every test class, stopped when the
 * run ends. Test classes use {@code @ExtendWith(PalisadeServer.class)} and take a
 * {@link PalisadeServer} parameter.
 */
public final class PalisadeServer implements BeforeAllCallback, ParameterResolver, AutoCloseable {

  /** Where containers reach services on the test host (SMTP sink, PostgreSQL). */
  public static final String HOST_FROM_CONTAINER = "host.docker.internal";

  private KeycloakContainer container;
  private Keycloak admin;

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root store outlives every test class, and closes what it holds when the run ends.
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PalisadeServer.class, key -> startShared(), PalisadeServer.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PalisadeServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PalisadeServer.class, key -> startShared(), PalisadeServer.class);
  }

  private static PalisadeServer startShared() {
    PalisadeServer server = new PalisadeServer();
    server.start();
    return server;
  }

  private void start() {
    requireDocker();
    container = new KeycloakContainer(TestSettings.palisadeImage())
        .withExtraHost(HOST_FROM_CONTAINER, "host-gateway")
        .withEnv("KC_LOG_LEVEL", "INFO,palisade:debug")
        .withStartupTimeout(Duration.ofMinutes(5));
    container.start();
    admin = container.getKeycloakAdminClient();
    System.out.printf("Palisade image %s: Keycloak %s at %s%n", TestSettings.palisadeImage(),
        admin.serverInfo().getInfo().getSystemInfo().getVersion(), baseUrl());
  }

  /** Fails the run, never skips it, when there is nothing to run the image in. */
  static void requireDocker() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException("The integration tests run the Palisade image and need a"
          + " running Docker engine; none answers. See docs/development.md.");
    }
  }

  /** The server's base URL as seen from the test host, e.g. {@code http://localhost:32768}. */
  public String baseUrl() {
    return container.getAuthServerUrl().replaceAll("/$", "");
  }

  /** Admin client logged in to master as the bootstrap admin. */
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
