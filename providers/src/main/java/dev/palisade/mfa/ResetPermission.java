package dev.palisade.mfa;

import java.util.Optional;

import dev.palisade.policy.LockedSetting;
import dev.palisade.policy.OwnerOnly;
import jakarta.ws.rs.ForbiddenException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who may reset a member's second factors: {@code manage-users} for that member, and an Owner
 * or operator when the member is an Owner. The reset enforces this rule and the member list
 * reports it, so the console offers the reset exactly where it would be accepted.
 */
final class ResetPermission {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  ResetPermission(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** Whether the caller may reset {@code member}'s factors; nothing is recorded. */
  boolean allows(UserModel member) {
    return refusal(member).isEmpty();
  }

  /** Refuses with {@code 403} unless the caller may; an Owner-only refusal is audited. */
  void require(UserModel member) {
    refusal(member).ifPresent(Runnable::run);
  }

  /** Empty when the caller may reset {@code member}'s factors, else the refusal to raise. */
  private Optional<Runnable> refusal(UserModel member) {
    if (!auth.users().canManage(member)) {
      return Optional.of(() -> {
        throw new ForbiddenException();
      });
    }
    if (!OwnerOnly.permits(session, realm, auth.adminAuth(), member,
        LockedSetting.OWNER_MFA_RESET)) {
      // require() records the refusal in the trail and throws it.
      return Optional.of(() -> OwnerOnly.require(session, realm, auth.adminAuth(), member,
          LockedSetting.OWNER_MFA_RESET));
    }
    return Optional.empty();
  }
}
