package dev.palisade.permissions;

import dev.palisade.spi.EveryRealm;
import dev.palisade.spi.SingletonProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link PermissionsResource} at {@code /admin/realms/{tenant}/permissions}. */
public final class PermissionsResourceProviderFactory implements
    AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
    SingletonProvider<AdminRealmResourceProvider> {

  /** The path segment under the realm's admin API, part of the public contract. */
  public static final String ID = "permissions";

  @Override
  public Object getResource(KeycloakSession session, RealmModel realm,
      AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
    return new PermissionsResource(session, realm, auth);
  }

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Tenants keep their override attributes read-only, at creation and at every start.
    factory.register(new EveryRealm(factory,
        (session, realm, created) -> TenantUserProfile.declareInTenant(session, realm)));
    factory.register(new OwnerChangeGuard());
  }

  @Override
  public String getId() {
    return ID;
  }
}
