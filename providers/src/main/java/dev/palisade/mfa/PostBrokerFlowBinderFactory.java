package dev.palisade.mfa;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global, so that no realm configuration can leave a new identity provider unbound. */
public final class PostBrokerFlowBinderFactory implements EventListenerProviderFactory {

  /** Listener id; global listeners are not listed in a realm's event configuration. */
  public static final String ID = "palisade-post-broker-flow";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new PostBrokerFlowBinder(session);
  }

  @Override
  public boolean isGlobal() {
    return true;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public void init(Config.Scope config) {
    // No options.
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Nothing to wire.
  }

  @Override
  public void close() {
    // Stateless.
  }
}
