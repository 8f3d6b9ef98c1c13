package dev.palisade.audit.api;

import dev.palisade.spi.StatelessFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the audit API at {@code /admin/realms/{realm}/audit}. */
public final class AuditResourceProviderFactory implements AdminRealmResourceProviderFactory,
    StatelessFactory<AdminRealmResourceProvider> {

  /** The path segment under the realm's admin API, part of the public contract. */
  public static final String ID = "audit";

  private static final AdminRealmResourceProvider PROVIDER = new AdminRealmResourceProvider() {
    @Override
    public Object getResource(KeycloakSession session, RealmModel realm,
        AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
      return new AuditResource(session, realm, auth);
    }

    @Override
    public void close() {
      // Stateless.
    }
  };

  @Override
  public AdminRealmResourceProvider create(KeycloakSession session) {
    return PROVIDER;
  }

  @Override
  public String getId() {
    return ID;
  }
}
