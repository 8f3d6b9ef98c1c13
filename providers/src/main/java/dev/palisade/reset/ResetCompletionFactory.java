package dev.palisade.reset;

import dev.palisade.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Global, so that no realm's event settings can skip what follows a reset. */
public final class ResetCompletionFactory implements GlobalEventListenerFactory {

  /** Listener id; global listeners are not listed in a realm's event configuration. */
  public static final String ID = "palisade-reset";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new ResetCompletion(session);
  }

  @Override
  public String getId() {
    return ID;
  }
}
