package dev.palisade.mfa;

import dev.palisade.spi.SingletonProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link MfaResource} at {@code /admin/realms/{realm}/mfa}. */
public final class MfaResourceProviderFactory implements AdminRealmResourceProviderFactory,
    AdminRealmResourceProvider, SingletonProvider<AdminRealmResourceProvider> {

  /** The path segment under the realm's admin API, part of the public contract. */
  public static final String ID = "mfa";

  @Override
  public Object getResource(KeycloakSession session, RealmModel realm,
      AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
    return new MfaResource(session, realm, auth);
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
