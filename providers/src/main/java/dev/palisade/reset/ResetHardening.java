package dev.palisade.reset;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Binds {@link ResetCredentialsFlow} in every realm at start-up (master included) and in every
 * realm created afterwards; a realm rebound to another reset flow gets Palisade's back at the
 * next start, and the rebinding itself is in the audit trail.
 */
final class ResetHardening implements ProviderEventListener {

  private final KeycloakSessionFactory factory;

  ResetHardening(KeycloakSessionFactory factory) {
    this.factory = factory;
  }

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof PostMigrationEvent) {
      KeycloakModelUtils.runJobInTransaction(factory, session ->
          session.realms().getRealmsStream().toList().forEach(ResetCredentialsFlow::bind));
    } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
      ResetCredentialsFlow.bind(created.getCreatedRealm());
    }
  }
}
