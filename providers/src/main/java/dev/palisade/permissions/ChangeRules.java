package dev.palisade.permissions;

import java.util.Set;
import java.util.TreeSet;

import dev.palisade.rest.ApiError;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * Who may change a member's overrides, beyond Keycloak's {@code manage-users}: nobody their
 * own; a tenant admin only within what they hold themselves; only an Owner an Owner's.
 * Operators signed in to master are not members of the tenant and are bound only by
 * Keycloak's permissions.
 */
final class ChangeRules {

  private ChangeRules() {
  }

  static void check(RealmModel realm, AdminAuth caller,
      UserModel member, EffectivePermissions before,
      PermissionsResource.OverridesChange change) {
    if (isOperator(realm, caller)) {
      return;
    }
    UserModel actor = caller.getUser();
    if (actor.getId().equals(member.getId())) {
      throw ApiError.forbidden("own_overrides", "members cannot change their own permissions");
    }
    EffectivePermissions actorPermissions = EffectivePermissions.of(realm, actor);
    if (PermissionCatalogue.OWNER.equals(before.role())
        && !PermissionCatalogue.OWNER.equals(actorPermissions.role())) {
      throw ApiError.forbidden("owner_only", "only an owner changes an owner's permissions");
    }
    Set<String> notHeld = new TreeSet<>(change.grant());
    notHeld.removeAll(before.grant());
    notHeld.removeAll(grantable(realm, caller));
    if (!notHeld.isEmpty()) {
      throw ApiError.forbidden("not_held", "you cannot grant what you do not hold: " + notHeld);
    }
  }

  /**
   * What {@code caller} may newly grant in {@code realm} (given {@code manage-users}): the
   * whole catalogue for an operator, what they hold themselves for a member. A grant a member
   * already has may stay whoever changes their overrides.
   */
  static Set<String> grantable(RealmModel realm, AdminAuth caller) {
    if (isOperator(realm, caller)) {
      return new TreeSet<>(PermissionCatalogue.of(realm).descriptions().keySet());
    }
    return new TreeSet<>(EffectivePermissions.of(realm, caller.getUser()).effective());
  }

  /** A caller signed in to another realm (master) is an operator, not a member. */
  static boolean isOperator(RealmModel realm, AdminAuth caller) {
    return !caller.getRealm().getId().equals(realm.getId());
  }
}
