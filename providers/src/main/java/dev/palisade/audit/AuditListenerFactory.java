package dev.palisade.audit;

import java.util.Map;
import java.util.Objects;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The {@code palisade-audit} event listener. It is global: Keycloak hands it every user and
 * admin event of every realm whatever the realm's own listener list says, so no realm admin
 * can switch the audit trail off by editing realm settings.
 */
public final class AuditListenerFactory
    implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "palisade-audit";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new AuditListener();
  }

  @Override
  public boolean isGlobal() {
    return true;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  /** Shown in the admin console's provider info, so an operator sees which Palisade runs. */
  @Override
  public Map<String, String> getOperationalInfo() {
    return Map.of("palisade-version", palisadeVersion());
  }

  static String palisadeVersion() {
    // The jar manifest carries the Maven version; classes run from a directory (IDE) have none.
    return Objects.requireNonNullElse(
        AuditListenerFactory.class.getPackage().getImplementationVersion(), "development");
  }

  @Override
  public void init(Config.Scope config) {
    // No options yet; they arrive with the audit store.
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Nothing to wire after start-up.
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
