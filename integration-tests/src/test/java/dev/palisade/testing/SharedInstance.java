package dev.palisade.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.keycloak.admin.client.Keycloak;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Base of the extensions that give test classes one server per test run: the first class that
 * asks starts it, every later class gets the same one, and JUnit's root store closes it when
 * the run ends. Subclasses need a no-argument constructor and implement {@link #start()}.
 */
abstract class SharedInstance implements BeforeAllCallback, ParameterResolver, AutoCloseable,
    PalisadeInstance {

  private GenericContainer<?> container;
  private Keycloak admin;

  /** Starts the server this instance stands for and calls {@link #started}; once per run. */
  protected abstract void start();

  /** Records what {@link #close()} must stop. */
  protected final void started(GenericContainer<?> runningContainer, Keycloak adminClient) {
    this.container = runningContainer;
    this.admin = adminClient;
  }

  @Override
  public Keycloak admin() {
    return admin;
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

  @Override
  public void beforeAll(ExtensionContext context) {
    shared(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == getClass();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  private SharedInstance shared(ExtensionContext context) {
    // The root store outlives every test class and closes what it holds when the run ends.
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(getClass(), type -> startNew(), SharedInstance.class);
  }

  private SharedInstance startNew() {
    requireDocker();
    try {
      SharedInstance instance = getClass().getDeclaredConstructor().newInstance();
      instance.start();
      return instance;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass() + " needs a no-argument constructor", e);
    }
  }

  /** Fails the run, never skips it, when there is nothing to run the image in. */
  private static void requireDocker() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException("The integration tests run the Palisade image and need a"
          + " running Docker engine; none answers. See docs/development.md.");
    }
  }
}
