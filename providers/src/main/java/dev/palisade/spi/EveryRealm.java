package dev.palisade.spi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Applies a step to every realm when the server starts (master included, in one transaction)
 * and to every realm created afterwards (in the creating transaction), so that no realm exists
 * without it. Register it from a factory's {@code postInit}.
 */
public final class EveryRealm implements ProviderEventListener {

  /** What to do in one realm; {@code created} is true for a realm being created right now. */
  @FunctionalInterface
  public interface Step {
    void apply(KeycloakSession session, RealmModel realm, boolean created);
  }

  private final KeycloakSessionFactory factory;
  private final Step step;

  public EveryRealm(KeycloakSessionFactory factory, Step step) {
    this.factory = factory;
    this.step = step;
  }

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof PostMigrationEvent) {
      KeycloakModelUtils.runJobInTransaction(factory, session ->
          session.realms().getRealmsStream().toList()
              .forEach(realm -> step.apply(session, realm, false)));
    } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
      step.apply(created.getKeycloakSession(), created.getCreatedRealm(), true);
    }
  }
}
