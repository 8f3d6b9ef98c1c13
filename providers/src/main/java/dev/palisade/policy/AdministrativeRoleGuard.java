package dev.palisade.policy;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.permissions.TenantCaller;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.services.ErrorPageException;

/**
 * Guards who receives administrative roles ({@link AdministrativeRoles}) at the model, where
 * every path ends: a role mapping or group membership made by the admin API, a partial import,
 * or an identity-provider mapper during a brokered sign-in. The model events fire inside the
 * changing transaction, so a refusal throws before anything is committed.
 * <ul>
 *   <li>A sign-in never grants one ({@link LockedSetting#IDP_ROLE_MAPPERS}): whatever mappers an
 *       identity provider carries, administrative rights are granted by a person, never by an
 *       upstream's assertion. (Who holds {@code owner} itself is the permissions feature's
 *       rule.)</li>
 *   <li>A person receives one only from an Owner or an operator
 *       ({@link LockedSetting#ADMINISTRATIVE_ROLES}): Keycloak lets any holder of
 *       {@code manage-users} map the tenant's {@code admin} role, and the realm-management roles
 *       they hold themselves, so without this an Admin could make anyone an administrator.</li>
 *   <li>A service account receives one only from an Owner or an operator, audited
 *       ({@link LockedSetting#SERVICE_ACCOUNT_ADMIN}): it is the one kind of account that signs
 *       in without a second factor.</li>
 * </ul>
 */
final class AdministrativeRoleGuard implements ProviderEventListener {

  static final String SERVICE_ACCOUNT_GRANT = "SERVICE_ACCOUNT_ADMIN_GRANTED";
  static final String NOT_BY_SIGN_IN = "palisadeAdminRoleNotBySignIn";

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof RoleModel.RoleGrantedEvent granted) {
      RealmModel realm = realmOf(granted.getRole());
      if (realm != null && !isOwnerRole(realm, granted.getRole())
          && AdministrativeRoles.isAdministrative(realm, granted.getRole())) {
        check(granted.getKeycloakSession(), realm, granted.getUser(),
            Map.of("role", granted.getRole().getName()));
      }
    } else if (event instanceof GroupModel.GroupMemberJoinEvent joined
        && joined.getRealm() != null
        && AdministrativeRoles.isAdministrative(joined.getRealm(), joined.getGroup())) {
      check(joined.getKeycloakSession(), joined.getRealm(), joined.getUser(),
          Map.of("group", joined.getGroup().getName()));
    }
  }

  private static void check(KeycloakSession session, RealmModel realm, UserModel user,
      Map<String, Object> granted) {
    RealmPolicy policy = session.getProvider(RealmPolicy.class);
    TenantCaller caller = TenantCaller.of(session, realm);
    AuditRecord.Target target = new AuditRecord.Target("user", user.getId());
    if (caller.kind() == TenantCaller.Kind.SIGN_IN
        && policy.enforces(LockedSetting.IDP_ROLE_MAPPERS)) {
      new Refusal(LockedSetting.IDP_ROLE_MAPPERS, "a sign-in never grants administrative roles")
          .record(session, realm, user, target, granted);
      session.getTransactionManager().setRollbackOnly();
      throw new ErrorPageException(session, session.getContext().getAuthenticationSession(),
          Response.Status.FORBIDDEN, NOT_BY_SIGN_IN);
    }
    boolean serviceAccount = user.getServiceAccountClientLink() != null;
    LockedSetting setting = serviceAccount ? LockedSetting.SERVICE_ACCOUNT_ADMIN
        : LockedSetting.ADMINISTRATIVE_ROLES;
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    if (owner != null && caller.isMemberOtherThanAnOwner(owner) && policy.enforces(setting)) {
      Refusal refusal = new Refusal(setting, serviceAccount
          ? "only an owner or an operator gives a service account administrative roles"
          : "only an owner or an operator makes someone an administrator");
      refusal.record(session, realm, caller.member(), target, granted);
      session.getTransactionManager().setRollbackOnly();
      throw refusal.toException();
    }
    if (!serviceAccount) {
      return;
    }
    AuditTrail.record(session, realm, caller.member() == null ? AuditRecord.Actor.SYSTEM
        : AuditTrail.actor(caller.member()), SERVICE_ACCOUNT_GRANT, target, "success", granted);
  }

  private static RealmModel realmOf(RoleModel role) {
    if (role.getContainer() instanceof ClientModel client) {
      return client.getRealm();
    }
    return role.getContainer() instanceof RealmModel realm ? realm : null;
  }

  private static boolean isOwnerRole(RealmModel realm, RoleModel role) {
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    return owner != null && owner.getId().equals(role.getId());
  }
}
