package dev.palisade.permissions;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The one evaluation of what a member may do: their base role's permissions, plus their
 * grants, minus their revocations, restricted to the tenant's catalogue. Tokens, the
 * permissions API and the admin checks all ask this.
 *
 * @param role the member's base role, or null for a member without one
 * @param grant the member's grants, sorted
 * @param revoke the member's revocations, sorted
 * @param effective the permissions the member holds, sorted
 */
public record EffectivePermissions(String role, List<String> grant, List<String> revoke,
    List<String> effective) {

  public static EffectivePermissions of(RealmModel realm, UserModel user) {
    PermissionCatalogue catalogue = PermissionCatalogue.of(realm);
    String role = PermissionCatalogue.baseRole(realm, user);
    return evaluate(catalogue, role, MemberOverrides.grants(user),
        MemberOverrides.revocations(user));
  }

  static EffectivePermissions evaluate(PermissionCatalogue catalogue, String role,
      Set<String> grants, Set<String> revocations) {
    Set<String> effective = new TreeSet<>(catalogue.permissionsOf(role));
    effective.addAll(grants);
    effective.removeAll(revocations);
    effective.removeIf(permission -> !catalogue.contains(permission));
    return new EffectivePermissions(role, List.copyOf(new TreeSet<>(grants)),
        List.copyOf(new TreeSet<>(revocations)), List.copyOf(effective));
  }

  public boolean holds(String permission) {
    return effective.contains(permission);
  }
}
