package dev.palisade.policy;

import java.util.stream.Stream;

import dev.palisade.permissions.PermissionCatalogue;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * {@code POST …/users/{id}/impersonation}: impersonating someone hands out their session
 * without their second factor. Keycloak lets any holder of the impersonation right do it; an
 * Owner's account is impersonated by an operator only (every impersonation is in the audit
 * trail as Keycloak's {@code IMPERSONATE} event).
 */
final class ImpersonationRule implements AdminRule {

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    if (!request.is("POST", "users", "*", "impersonation") || request.caller().operator()) {
      return Stream.empty();
    }
    RoleModel owner = PermissionCatalogue.ownerRole(request.realm());
    UserModel target = owner == null ? null
        : request.session().users().getUserById(request.realm(), request.segment(1));
    return target != null && target.hasRole(owner)
        ? Stream.of(new Refusal(LockedSetting.OWNER_IMPERSONATION,
            "only an operator impersonates an owner"))
        : Stream.empty();
  }
}
