package dev.palisade.permissions;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * The three claims every Palisade token carries, the same in OIDC and SAML: the tenant (realm
 * name), the member's base role (absent without one) and their effective permissions (sorted).
 * The account console's own view reads them here too, so it cannot disagree with a token.
 */
public record TokenClaims(String tenant, String role, List<String> permissions) {

  static final String TENANT = "tenant";
  static final String ROLE = "role";
  static final String PERMISSIONS = "permissions";

  /**
   * The claims of {@code userSession}'s user, evaluated once per request: one sign-in issues an
   * access token and an ID token (and may answer userinfo), each asking for the same claims.
   */
  public static TokenClaims of(KeycloakSession session, UserSessionModel userSession) {
    String key = TokenClaims.class.getName() + "." + userSession.getUser().getId();
    TokenClaims claims = session.getAttribute(key, TokenClaims.class);
    if (claims == null) {
      RealmModel realm = userSession.getRealm();
      EffectivePermissions effective = EffectivePermissions.of(realm, userSession.getUser());
      claims = new TokenClaims(realm.getName(), effective.role(), effective.effective());
      session.setAttribute(key, claims);
    }
    return claims;
  }
}
