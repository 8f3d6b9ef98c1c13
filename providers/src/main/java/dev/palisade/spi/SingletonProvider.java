package dev.palisade.spi;

import org.keycloak.provider.Provider;

/**
 * A factory that is also its own provider: it holds nothing, so one instance serves every
 * session ({@code create} returns {@code this}) and closing it, as factory or as provider,
 * does nothing.
 */
public interface SingletonProvider<T extends Provider> extends StatelessFactory<T>, Provider {

  @Override
  default void close() {
    // Nothing held.
  }
}
