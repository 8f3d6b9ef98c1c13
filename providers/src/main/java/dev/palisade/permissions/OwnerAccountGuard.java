package dev.palisade.permissions;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.spi.AdminEventListener;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Keeps an Owner's account out of a tenant Admin's hands. Keycloak's {@code manage-users} lets
 * its holder set any member's password, remove their credentials, change their email or link
 * an identity-provider account to them, which together would let an Admin sign in as an Owner.
 * Updates of the user are refused up front by {@link OwnerAccountValidator}; every other change
 * to an Owner's account ({@code users/{id}/…}) by a member who is not an Owner is rolled back
 * here and recorded as {@code OWNER_CHANGE_REFUSED}.
 *
 * <p>Keycloak raises no model event for those changes, only the admin event it sends once the
 * change is made in the request's transaction; so this listens to that and marks the
 * transaction rollback-only. Keycloak has built the response by then: the caller gets its usual
 * answer although nothing changed, and the refusal is in the audit trail.
 */
final class OwnerAccountGuard implements AdminEventListener {

  private static final String USERS = "users/";

  private final KeycloakSession session;

  OwnerAccountGuard(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    String ownerId = targetUserId(event);
    RealmModel realm = ownerId == null ? null : session.realms().getRealm(event.getRealmId());
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    UserModel target = owner == null ? null : session.users().getUserById(realm, ownerId);
    if (target == null || !target.hasRole(owner)) {
      return;
    }
    TenantCaller caller = TenantCaller.of(session, realm);
    if (caller.isMemberOtherThanAnOwner(owner)) {
      OwnerRefusals.record(session, realm, caller.member(), new AuditRecord.Target("user",
          ownerId), "owner_only", "account", Map.of("operation",
          event.getOperationType().name(), "resourcePath", event.getResourcePath()));
    }
  }

  /** The user a {@code users/{id}…} admin event is about, or null. */
  private static String targetUserId(AdminEvent event) {
    String path = event.getResourcePath();
    if (event.getResourceType() != ResourceType.USER || path == null
        || !path.startsWith(USERS)) {
      return null;
    }
    int end = path.indexOf('/', USERS.length());
    return path.substring(USERS.length(), end < 0 ? path.length() : end);
  }
}
