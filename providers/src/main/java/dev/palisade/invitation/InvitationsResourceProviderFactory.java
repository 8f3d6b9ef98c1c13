package dev.palisade.invitation;

import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import dev.palisade.spi.SingletonProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link InvitationsResource} at {@code /admin/realms/{tenant}/invitations}. */
public final class InvitationsResourceProviderFactory implements
    AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
    SingletonProvider<AdminRealmResourceProvider> {

  /** The path segment under the realm's admin API, part of the public contract. */
  public static final String ID = "invitations";

  @Override
  public Object getResource(KeycloakSession session, RealmModel realm,
      AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
    if (PermissionCatalogue.ownerRole(realm) == null) {
      throw ApiError.notFound("invitations exist in tenants only");
    }
    return new InvitationsResource(session, realm, auth);
  }

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }
}
