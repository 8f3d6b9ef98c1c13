package dev.palisade.policy;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.permissions.PermissionCatalogue;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/** The Owner-only rule for Palisade's own endpoints: what touches an Owner needs an Owner. */
public final class OwnerOnly {

  private OwnerOnly() {
  }

  /**
   * Refuses (403, audited) when {@code target} is an Owner of {@code realm} and the caller is
   * neither an Owner of it nor an operator.
   */
  public static void require(KeycloakSession session, RealmModel realm, AdminAuth auth,
      UserModel target, LockedSetting setting) {
    if (permits(session, realm, auth, target, setting)) {
      return;
    }
    Refusal refusal = new Refusal(setting, "only an owner or an operator may do this to an owner");
    refusal.record(session, realm, auth.getUser(), new AuditRecord.Target("user", target.getId()),
        Map.of());
    throw refusal.toException();
  }

  /**
   * Whether the rule lets the caller act on {@code target}: the answer {@link #require} acts on,
   * for a page that shows an action only to those it would not refuse.
   */
  public static boolean permits(KeycloakSession session, RealmModel realm, AdminAuth auth,
      UserModel target, LockedSetting setting) {
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    AdminCaller caller = new AdminCaller(auth.getUser(),
        Config.getAdminRealm().equals(auth.getRealm().getName()));
    return owner == null || !target.hasRole(owner) || caller.isOwnerOrOperator(realm)
        || !session.getProvider(RealmPolicy.class).enforces(setting);
  }
}
