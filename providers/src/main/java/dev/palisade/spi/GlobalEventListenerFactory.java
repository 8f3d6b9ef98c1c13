package dev.palisade.spi;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;

/**
 * An event listener that Keycloak hands every event of every realm, whatever a realm's own
 * listener list says: no realm admin can switch it off.
 */
public interface GlobalEventListenerFactory extends EventListenerProviderFactory,
    StatelessFactory<EventListenerProvider> {

  @Override
  default boolean isGlobal() {
    return true;
  }
}
