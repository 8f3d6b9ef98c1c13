package dev.palisade.spi;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;

/** An event listener that acts on admin events only and holds nothing. */
public interface AdminEventListener extends EventListenerProvider {

  @Override
  default void onEvent(Event event) {
    // User events are not this listener's business.
  }

  @Override
  default void close() {
    // Nothing is held.
  }
}
