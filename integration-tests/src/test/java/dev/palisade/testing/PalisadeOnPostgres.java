package dev.palisade.testing;

import java.time.Duration;

import org.keycloak.admin.client.Keycloak;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * JUnit 5 extension that gives tests the production path of the image, shared by the run:
 * {@code start --optimized} (the build baked into the image) on the test PostgreSQL, as
 * docs/operator.md tells operators to run it.
 */
public final class PalisadeOnPostgres extends SharedInstance {

  /** Seals the audit signing keys, as docs/audit.md tells operators to. */
  private static final String KEY_SECRET = "audit-key-encryption-secret-for-tests";

  private TestDatabase database;
  private GenericContainer<?> container;

  @Override
  protected void start() {
    database = TestDatabase.load();
    container = productionContainer(database);
    container.start();
    started(container, adminOf(container));
  }

  /** A production-mode Palisade container on {@code database}, not started yet. */
  public static GenericContainer<?> productionContainer(TestDatabase database) {
    return new GenericContainer<>(TestSettings.palisadeImage())
        .withExtraHost(PalisadeServer.HOST_FROM_CONTAINER, "host-gateway")
        .withCommand("start", "--optimized", "--http-enabled=true", "--hostname-strict=false")
        .withEnv("KC_DB_URL", database.urlFromContainer())
        .withEnv("KC_DB_USERNAME", database.username())
        .withEnv("KC_DB_PASSWORD", database.password())
        .withEnv(BootstrapAdmin.environment())
        .withEnv("KC_SPI_EVENTS_LISTENER__PALISADE_AUDIT__KEY_ENCRYPTION_SECRET", KEY_SECRET)
        .withExposedPorts(8080, 9000)
        .waitingFor(Wait.forHttp("/health/ready").forPort(9000).forStatusCode(200)
            .withStartupTimeout(Duration.ofMinutes(4)));
  }

  /** Admin client of a container made by {@link #productionContainer}. */
  public static Keycloak adminOf(GenericContainer<?> container) {
    return BootstrapAdmin.client(baseUrlOf(container));
  }

  /** A started container of {@link #productionContainer} as the instance tests talk to. */
  public static PalisadeInstance instanceOf(GenericContainer<?> container) {
    Keycloak admin = adminOf(container);
    return PalisadeInstance.of(baseUrlOf(container), () -> admin);
  }

  static String baseUrlOf(GenericContainer<?> container) {
    return "http://" + container.getHost() + ":" + container.getMappedPort(8080);
  }

  @Override
  public String baseUrl() {
    return baseUrlOf(container);
  }

  public GenericContainer<?> container() {
    return container;
  }

  public TestDatabase database() {
    return database;
  }
}
