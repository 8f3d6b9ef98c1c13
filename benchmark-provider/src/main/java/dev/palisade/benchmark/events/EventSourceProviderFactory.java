package dev.palisade.benchmark.events;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link EventSource} at {@code /realms/{realm}/palisade-benchmark-events}. */
public final class EventSourceProviderFactory implements RealmResourceProviderFactory {

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    return new RealmResourceProvider() {
      @Override
      public Object getResource() {
        return new EventSource(session);
      }

      @Override
      public void close() {
        // Nothing is held.
      }
    };
  }

  @Override
  public void init(Config.Scope config) {
    // No configuration.
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Nothing to wire.
  }

  @Override
  public void close() {
    // Nothing is held.
  }

  @Override
  public String getId() {
    return "palisade-benchmark-events";
  }
}
