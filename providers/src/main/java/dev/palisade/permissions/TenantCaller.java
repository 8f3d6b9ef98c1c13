package dev.palisade.permissions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;

/** Who is making a change to a tenant in this request, as Palisade's Owner rules see them. */
public record TenantCaller(Kind kind, UserModel member) {

  public enum Kind {
    /** A token of the tenant itself: a member (Keycloak has already checked their rights). */
    MEMBER,
    /** A sign-in in progress: identity-provider mappers run here. */
    SIGN_IN,
    /** An operator's token from another realm, or the server itself. */
    OUTSIDE
  }

  public static TenantCaller of(KeycloakSession session, RealmModel realm) {
    if (session.getContext().getBearerToken() instanceof JsonWebToken token) {
      boolean member = token.getIssuer() != null
          && token.getIssuer().endsWith("/realms/" + realm.getName());
      return member ? new TenantCaller(Kind.MEMBER, session.getContext().getUser())
          : new TenantCaller(Kind.OUTSIDE, null);
    }
    return new TenantCaller(session.getContext().getAuthenticationSession() != null
        ? Kind.SIGN_IN : Kind.OUTSIDE, null);
  }

  /**
   * Whether the caller held {@code owner} before this change, which has already happened
   * when the event fires: a grantee held it only now, a revoked Owner held it until now.
   */
  boolean wasOwnerBefore(RoleModel owner, UserModel changed, boolean revoked) {
    if (member == null) {
      return false;
    }
    boolean changedThemselves = member.getId().equals(changed.getId());
    return revoked ? changedThemselves || member.hasRole(owner)
        : !changedThemselves && member.hasRole(owner);
  }

  public boolean isMemberOtherThanAnOwner(RoleModel owner) {
    return kind == Kind.MEMBER && (member == null || !member.hasRole(owner));
  }
}
