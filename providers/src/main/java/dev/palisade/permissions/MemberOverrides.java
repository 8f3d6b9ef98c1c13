package dev.palisade.permissions;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.keycloak.models.UserModel;

/**
 * A member's own grants and revocations, kept as user attributes that the tenant's user profile
 * declares read-only for everyone (see {@link TenantUserProfile}): neither the member (account
 * console, account REST) nor an admin (admin console, admin REST) can write them; only
 * {@link PermissionsResource}, which applies the rules of who may change what, does.
 */
final class MemberOverrides {

  static final String GRANT_ATTRIBUTE = "palisade.permissions.grant";
  static final String REVOKE_ATTRIBUTE = "palisade.permissions.revoke";

  private MemberOverrides() {
  }

  static Set<String> grants(UserModel user) {
    return read(user, GRANT_ATTRIBUTE);
  }

  static Set<String> revocations(UserModel user) {
    return read(user, REVOKE_ATTRIBUTE);
  }

  static void write(UserModel user, Set<String> grants, Set<String> revocations) {
    user.setAttribute(GRANT_ATTRIBUTE, List.copyOf(new TreeSet<>(grants)));
    user.setAttribute(REVOKE_ATTRIBUTE, List.copyOf(new TreeSet<>(revocations)));
  }

  private static Set<String> read(UserModel user, String attribute) {
    return user.getAttributeStream(attribute).filter(value -> !value.isBlank())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
