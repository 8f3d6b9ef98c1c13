package dev.palisade.spi;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * An authenticator factory with nothing for a realm admin to set: no execution config, and no
 * setup a user could be sent to. Its authenticator says what it does through its id, display
 * type and help text alone.
 */
public interface PlainAuthenticatorFactory extends AuthenticatorFactory,
    StatelessFactory<Authenticator> {

  @Override
  default boolean isConfigurable() {
    return false;
  }

  @Override
  default boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  default List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }
}
