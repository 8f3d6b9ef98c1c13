package dev.palisade.spi;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A provider factory that takes no server options and holds nothing between requests: its
 * life-cycle hooks do nothing. Implementing it next to the SPI's own factory interface leaves
 * each Palisade factory with only what makes it different.
 */
public interface StatelessFactory<T extends Provider> extends ProviderFactory<T> {

  @Override
  default void init(Config.Scope config) {
    // No options.
  }

  @Override
  default void postInit(KeycloakSessionFactory factory) {
    // Nothing to wire.
  }

  @Override
  default void close() {
    // Nothing held.
  }
}
