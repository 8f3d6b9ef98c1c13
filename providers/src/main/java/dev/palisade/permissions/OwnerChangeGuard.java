package dev.palisade.permissions;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.rest.ApiError;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.services.ErrorPageException;

/**
 * Keeps "only an Owner changes an Owner" true on every path that changes who holds a tenant's
 * {@code owner} role, not only in Palisade's API. Keycloak lets any holder of
 * {@code manage-users} map a realm role whose name is not one of its own admin roles and does
 * not look into composites, so without this a tenant Admin could map {@code owner} (which
 * carries {@code manage-realm}) to themselves.
 *
 * <p>It listens to the model's own events, which fire inside the changing transaction for
 * every caller (admin REST, the console, identity-provider mappers during a sign-in), and
 * refuses by marking the transaction rollback-only and throwing, so nothing is committed:
 * <ul>
 *   <li>granting or revoking {@code owner}, and deleting an Owner, need an Owner of the tenant
 *       or an operator (a token from another realm, which Keycloak already authorised);</li>
 *   <li>a sign-in never grants or revokes {@code owner} (an Admin could otherwise configure an
 *       identity-provider mapper to do it for them);</li>
 *   <li>no group holds {@code owner}, so Owners are always named people and group membership
 *       is never a way around the rule.</li>
 * </ul>
 * Server-internal work without a caller (realm import at start-up) is not restricted.
 */
final class OwnerChangeGuard implements ProviderEventListener {

  /** Login theme message shown when a sign-in would grant or revoke {@code owner}. */
  static final String OWNER_NOT_BY_SIGN_IN = "palisadeOwnerNotBySignIn";

  @Override
  public void onEvent(ProviderEvent event) {
    if (event instanceof RoleModel.RoleGrantedEvent granted) {
      checkRoleChange(granted.getKeycloakSession(), granted.getRole(), granted.getUser(), false);
    } else if (event instanceof RoleModel.RoleRevokedEvent revoked) {
      checkRoleChange(revoked.getKeycloakSession(), revoked.getRole(), revoked.getUser(), true);
    } else if (event instanceof UserModel.UserPreRemovedEvent removed) {
      checkRemoval(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
    } else if (event instanceof GroupModel.GroupUpdatedEvent updated) {
      checkGroup(updated.getKeycloakSession(), updated.getRealm(), updated.getGroup());
    }
  }

  private static void checkRoleChange(KeycloakSession session, RoleModel role, UserModel user,
      boolean revoked) {
    if (!(role.getContainer() instanceof RealmModel realm) || !isOwnerRole(realm, role)) {
      return;
    }
    TenantCaller caller = TenantCaller.of(session, realm);
    Attempt attempt = new Attempt(realm, revoked ? "revoke" : "grant",
        new AuditRecord.Target("user", user.getId()));
    if (caller.kind() == TenantCaller.Kind.SIGN_IN) {
      record(session, attempt, user, "owner_only");
      // The broker shows this page instead of its own "unexpected error".
      throw new ErrorPageException(session, session.getContext().getAuthenticationSession(),
          Response.Status.FORBIDDEN, OWNER_NOT_BY_SIGN_IN);
    }
    if (caller.kind() == TenantCaller.Kind.MEMBER && !caller.wasOwnerBefore(role, user, revoked)) {
      refuse(session, attempt, "owner_only",
          "only an owner or an operator changes who is an owner");
    }
  }

  private static void checkRemoval(KeycloakSession session, RealmModel realm, UserModel user) {
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    if (owner == null || !user.hasRole(owner)) {
      return;
    }
    TenantCaller caller = TenantCaller.of(session, realm);
    if (caller.isMemberOtherThanAnOwner(owner)) {
      refuse(session, new Attempt(realm, "delete", new AuditRecord.Target("user", user.getId())),
          "owner_only", "only an owner or an operator deletes an owner");
    }
  }

  private static void checkGroup(KeycloakSession session, RealmModel realm, GroupModel group) {
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    if (owner != null && group.hasDirectRole(owner)) {
      refuse(session, new Attempt(realm, "group", new AuditRecord.Target("group",
          group.getId())), "owner_not_for_groups",
          "the owner role is held by named members, not by groups");
    }
  }

  private static boolean isOwnerRole(RealmModel realm, RoleModel role) {
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    return owner != null && owner.getId().equals(role.getId());
  }

  private static void refuse(KeycloakSession session, Attempt attempt, String error,
      String description) {
    record(session, attempt, session.getContext().getUser(), error);
    throw ApiError.forbidden(error, description);
  }

  private static void record(KeycloakSession session, Attempt attempt, UserModel actor,
      String error) {
    OwnerRefusals.record(session, attempt.realm(), actor, attempt.target(), error,
        attempt.change(), Map.of());
  }

  /** What was tried: {@code grant}, {@code revoke}, {@code delete} or {@code group}. */
  private record Attempt(RealmModel realm, String change, AuditRecord.Target target) {
  }
}
