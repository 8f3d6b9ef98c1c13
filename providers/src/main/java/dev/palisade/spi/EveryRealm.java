package dev.palisade.spi;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Applies a step to every realm when the server starts (master included) and to every realm
 * created afterwards (in the creating transaction), so that no realm exists without it.
 * Register it from a factory's {@code postInit}. At start-up each realm gets a transaction of
 * its own: with a thousand tenants in one, every flush would walk every realm already loaded.
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
      List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
      for (String realmId : realmIds) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
          RealmModel realm = session.realms().getRealm(realmId);
          if (realm != null) {
            step.apply(session, realm, false);
          }
        });
      }
    } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
      step.apply(created.getKeycloakSession(), created.getCreatedRealm(), true);
    }
  }
}
