package dev.palisade.mfa;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.BruteForceProtectorFactory;
import org.keycloak.services.managers.DefaultBruteForceProtector;

/**
 * Replaces Keycloak's brute-force protector under its own id (Keycloak prefers a deployed
 * factory over its built-in one of the same id), so the realm settings, the admin API's lockout
 * status and Keycloak's option {@code allowConcurrentRequests} keep working. That option, when
 * an operator sets it, gives Keycloak's non-blocking protector, as in Keycloak.
 */
public final class SerialBruteForceProtectorFactory implements BruteForceProtectorFactory,
    ServerInfoAwareProviderFactory {

  /** Keycloak's id for its brute-force protector. */
  public static final String ID = "default-brute-force-detector";

  private static final Logger LOG = Logger.getLogger(SerialBruteForceProtectorFactory.class);

  private boolean allowConcurrentRequests;
  private DefaultBruteForceProtector protector;

  @Override
  public BruteForceProtector create(KeycloakSession session) {
    return protector;
  }

  @Override
  public void init(Config.Scope config) {
    allowConcurrentRequests = config.getBoolean("allowConcurrentRequests", Boolean.FALSE);
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    if (allowConcurrentRequests) {
      LOG.warn("allowConcurrentRequests is set: parallel sign-in attempts of one person are"
          + " checked in parallel (CVE-2024-4629)");
      protector = new DefaultBruteForceProtector(factory);
    } else {
      protector = new SerialBruteForceProtector(factory);
    }
  }

  @Override
  public void close() {
    if (protector != null) {
      protector.shutdown();
    }
  }

  @Override
  public String getId() {
    return ID;
  }

  /** Shown in the provider info, so an operator (and a test) sees which protector runs. */
  @Override
  public Map<String, String> getOperationalInfo() {
    return Map.of("attempts", allowConcurrentRequests
        ? "in parallel (allowConcurrentRequests)"
        : "one at a time per person, counted before the answer");
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name("allowConcurrentRequests")
        .type("boolean")
        .helpText("Check parallel sign-in attempts of one person in parallel (unsafe).")
        .defaultValue(false)
        .add()
        .build();
  }
}
