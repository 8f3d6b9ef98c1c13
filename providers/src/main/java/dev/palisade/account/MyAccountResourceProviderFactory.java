package dev.palisade.account;

import dev.palisade.spi.StatelessFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link MyAccountResource} at {@code /realms/{realm}/palisade-account}. */
public final class MyAccountResourceProviderFactory implements RealmResourceProviderFactory,
    StatelessFactory<RealmResourceProvider> {

  /** The path segment under the realm, part of the public contract. */
  public static final String ID = "palisade-account";

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    return new RealmResourceProvider() {
      @Override
      public Object getResource() {
        return new MyAccountResource(session);
      }

      @Override
      public void close() {
        // Nothing held.
      }
    };
  }

  @Override
  public String getId() {
    return ID;
  }
}
