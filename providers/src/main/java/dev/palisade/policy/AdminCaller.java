package dev.palisade.policy;

import java.util.Optional;

import dev.palisade.permissions.PermissionCatalogue;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminRoot;

/** Who sends an admin API request: an operator (a master-realm token) or a member of the realm. */
record AdminCaller(UserModel user, boolean operator) {

  /**
   * The caller of this admin request. Keycloak's admin resource locators run before request
   * filters and leave the token they verified in the context, so that one is used as it is;
   * only where none is there is the request's token authenticated here, the way Keycloak does.
   * Empty when the token is missing or invalid: then Keycloak answers 401 itself, and the policy
   * neither answers nor records anything for an anonymous caller.
   */
  static Optional<AdminCaller> of(KeycloakSession session) {
    if (session.getContext().getBearerToken() instanceof JsonWebToken verified
        && verified.getIssuer() != null) {
      return Optional.of(new AdminCaller(session.getContext().getUser(),
          verified.getIssuer().endsWith("/realms/" + Config.getAdminRealm())));
    }
    try {
      AdminAuth auth = AdminRoot.authenticateRealmAdminRequest(session);
      return Optional.of(new AdminCaller(auth.getUser(),
          Config.getAdminRealm().equals(auth.getRealm().getName())));
    } catch (WebApplicationException unauthenticated) {
      return Optional.empty();
    }
  }

  /** An operator, or an Owner of {@code tenant}. */
  boolean isOwnerOrOperator(RealmModel tenant) {
    if (operator) {
      return true;
    }
    RoleModel owner = PermissionCatalogue.ownerRole(tenant);
    return owner != null && user != null && user.hasRole(owner);
  }
}
