package dev.palisade.mfa;

import dev.palisade.spi.EveryRealm;
import dev.palisade.spi.StatelessFactory;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link SecondFactorAction} under the id {@value #ID}. */
public final class SecondFactorActionFactory implements RequiredActionFactory,
    StatelessFactory<RequiredActionProvider> {

  /** Required action id, part of the public contract. */
  public static final String ID = "palisade-second-factor";

  private static final SecondFactorAction ACTION = new SecondFactorAction();

  @Override
  public RequiredActionProvider create(KeycloakSession session) {
    return ACTION;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayText() {
    return "Palisade: second factor";
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Realms get the flows and required actions this action belongs with; see RealmHardening.
    factory.register(new EveryRealm(factory, RealmHardening::apply));
  }
}
