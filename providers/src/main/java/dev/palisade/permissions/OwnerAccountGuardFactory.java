package dev.palisade.permissions;

import dev.palisade.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;

/** Global, so that no tenant's event settings can switch {@link OwnerAccountGuard} off. */
public final class OwnerAccountGuardFactory implements GlobalEventListenerFactory {

  /** Listener id; global listeners are not listed in a realm's event configuration. */
  public static final String ID = "palisade-owner-accounts";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new OwnerAccountGuard(session);
  }

  @Override
  public String getId() {
    return ID;
  }
}
