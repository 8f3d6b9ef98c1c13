package dev.palisade.mfa;

import dev.palisade.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Global, so that no realm configuration can leave a new identity provider unbound. */
public final class PostBrokerFlowBinderFactory implements GlobalEventListenerFactory {

  /** Listener id; global listeners are not listed in a realm's event configuration. */
  public static final String ID = "palisade-post-broker-flow";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new PostBrokerFlowBinder(session);
  }

  @Override
  public String getId() {
    return ID;
  }
}
