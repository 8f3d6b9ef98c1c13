package dev.palisade.tenant;

import dev.palisade.rest.ApiError;
import dev.palisade.spi.SingletonProvider;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link TenantsResource} at {@code /admin/realms/master/tenants}, and only there. */
public final class TenantsResourceProviderFactory implements AdminRealmResourceProviderFactory,
    AdminRealmResourceProvider, SingletonProvider<AdminRealmResourceProvider> {

  /** The path segment under master's admin API, part of the public contract. */
  public static final String ID = "tenants";

  @Override
  public Object getResource(KeycloakSession session, RealmModel realm,
      AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
    if (!Config.getAdminRealm().equals(realm.getName())) {
      throw ApiError.notFound("tenants are managed under /admin/realms/master/tenants");
    }
    return new TenantsResource(session, realm, auth.adminAuth());
  }

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Every client of a new tenant, Keycloak's own included, gets the template's default scopes,
    // in the creating transaction; existing realms are left as their admins keep them.
    factory.register(event -> {
      if (event instanceof RealmModel.RealmPostCreateEvent created) {
        TenantTemplate.giveClientsTheTemplateScopes(created.getCreatedRealm());
      }
    });
  }

  @Override
  public String getId() {
    return ID;
  }
}
