package dev.palisade.permissions;

import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The base roles a caller may give a member of a tenant (for instance to a person they
 * invite): none without {@code manage-users}; every base role for an Owner or an operator;
 * for anyone else only the roles below their own, so an Admin makes nobody an Owner or an
 * administrator.
 */
public final class GivableRoles {

  private GivableRoles() {
  }

  /** The roles, highest first. */
  public static List<String> of(RealmModel realm, AdminPermissionEvaluator auth) {
    if (!auth.users().canManage()) {
      return List.of();
    }
    if (ChangeRules.isOperator(realm, auth.adminAuth())) {
      return PermissionCatalogue.BASE_ROLES;
    }
    String own = PermissionCatalogue.baseRole(realm, auth.adminAuth().getUser());
    if (own == null) {
      return List.of();
    }
    List<String> roles = PermissionCatalogue.BASE_ROLES;
    return PermissionCatalogue.OWNER.equals(own) ? roles
        : roles.subList(roles.indexOf(own) + 1, roles.size());
  }

  /** Whether {@code auth}'s caller may give {@code role}. */
  public static boolean allows(RealmModel realm, AdminPermissionEvaluator auth, String role) {
    return role != null && of(realm, auth).contains(role);
  }
}
