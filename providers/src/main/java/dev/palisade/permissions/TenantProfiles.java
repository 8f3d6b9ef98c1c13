package dev.palisade.permissions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Keeps {@link OverridesProfile} declared in every tenant realm (a realm with a permission
 * catalogue): when a tenant is created from the template, and at every start for tenants whose
 * profile an admin edited since.
 */
final class TenantProfiles implements ProviderEventListener {

  private final KeycloakSessionFactory factory;

  TenantProfiles(KeycloakSessionFactory factory) {
    this.factory = factory;
  }

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof PostMigrationEvent) {
      KeycloakModelUtils.runJobInTransaction(factory, session ->
          session.realms().getRealmsStream().toList().forEach(realm -> declare(session, realm)));
    } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
      declare(created.getKeycloakSession(), created.getCreatedRealm());
    }
  }

  private static void declare(KeycloakSession session, RealmModel realm) {
    if (PermissionCatalogue.of(realm).isEmpty()) {
      return;
    }
    RealmModel previous = session.getContext().getRealm();
    session.getContext().setRealm(realm);
    try {
      OverridesProfile.declare(session);
    } finally {
      session.getContext().setRealm(previous);
    }
  }
}
