package dev.palisade.permissions;

import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The three claims every Palisade token carries, the same in OIDC and SAML: the tenant (realm
 * name), the member's base role (absent without one) and their effective permissions (sorted).
 */
record TokenClaims(String tenant, String role, List<String> permissions) {

  static final String TENANT = "tenant";
  static final String ROLE = "role";
  static final String PERMISSIONS = "permissions";

  static TokenClaims of(RealmModel realm, UserModel user) {
    EffectivePermissions effective = EffectivePermissions.of(realm, user);
    return new TokenClaims(realm.getName(), effective.role(), effective.effective());
  }
}
