package dev.palisade.policy;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@code palisade-policy} SPI: the locked settings and the server option that unlocks them. */
public final class RealmPolicySpi implements Spi {

  public static final String NAME = "palisade-policy";

  @Override
  public boolean isInternal() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public Class<? extends Provider> getProviderClass() {
    return RealmPolicy.class;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends ProviderFactory> getProviderFactoryClass() {
    return RealmPolicyFactory.class;
  }
}
