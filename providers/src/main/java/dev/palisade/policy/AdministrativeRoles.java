package dev.palisade.policy;

import java.util.Set;
import java.util.stream.Stream;

import dev.palisade.permissions.PermissionCatalogue;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Which roles administer a realm: a tenant's {@code owner}, any role of its
 * {@code realm-management} client, in master the {@code admin} and {@code create-realm} roles
 * and the roles of each realm's management client, and any role or group holding one of
 * those, however deep the composites go.
 */
final class AdministrativeRoles {

  private static final String MASTER_MANAGEMENT_SUFFIX = "-realm";

  private AdministrativeRoles() {
  }

  static boolean isAdministrative(RealmModel realm, RoleModel role) {
    return RoleUtils.expandCompositeRolesStream(Stream.of(role))
        .anyMatch(expanded -> administersDirectly(realm, expanded));
  }

  static boolean isAdministrative(RealmModel realm, GroupModel group) {
    for (GroupModel g = group; g != null; g = g.getParent()) {
      if (g.getRoleMappingsStream().anyMatch(role -> isAdministrative(realm, role))) {
        return true;
      }
    }
    return false;
  }

  private static boolean administersDirectly(RealmModel realm, RoleModel role) {
    if (role.getContainer() instanceof ClientModel client) {
      return Constants.REALM_MANAGEMENT_CLIENT_ID.equals(client.getClientId())
          || isMaster(realm) && client.getClientId().endsWith(MASTER_MANAGEMENT_SUFFIX);
    }
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    return owner != null && owner.getId().equals(role.getId())
        || isMaster(realm) && Set.of(AdminRoles.ADMIN, AdminRoles.CREATE_REALM)
            .contains(role.getName());
  }

  private static boolean isMaster(RealmModel realm) {
    return Config.getAdminRealm().equals(realm.getName());
  }
}
