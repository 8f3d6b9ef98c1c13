package dev.palisade.mfa;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.policy.LockedSetting;
import dev.palisade.policy.OwnerOnly;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/mfa}: what a tenant admin needs for a member's second factors.
 * Reading needs {@code view-users}, the reset {@code manage-users}, both for that member.
 */
public final class MfaResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  MfaResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** The member's second factors by type and label; never a secret. */
  @GET
  @Path("users/{userId}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> status(@PathParam("userId") String userId) {
    UserModel user = user(userId);
    auth.users().requireView(user);
    List<Map<String, Object>> factors = secondFactors(user).stream()
        .map(credential -> Map.<String, Object>of("id", credential.getId(),
            "type", credential.getType(),
            "label", credential.getUserLabel() == null ? "" : credential.getUserLabel(),
            "created", credential.getCreatedDate() == null ? 0 : credential.getCreatedDate()))
        .toList();
    return Map.of("enrolled", SecondFactors.hasStanding(user), "factors", factors);
  }

  /**
   * "Reset MFA" for a member who lost every factor: removes their second factors and recovery
   * codes, signs them out everywhere, and records who did it. Their next sign-in makes them
   * enrol again before anything is issued.
   */
  @POST
  @Path("users/{userId}/reset")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> reset(@PathParam("userId") String userId) {
    UserModel user = user(userId);
    auth.users().requireManage(user);
    OwnerOnly.require(session, realm, auth.adminAuth(), user, LockedSetting.OWNER_MFA_RESET);
    List<CredentialModel> removed = secondFactors(user);
    removed.forEach(credential ->
        user.credentialManager().removeStoredCredentialById(credential.getId()));
    SignOut.everywhere(session, realm, user);
    Map<String, Object> details = new TreeMap<>();
    details.put("removed", removed.stream().map(CredentialModel::getType).sorted().toList());
    details.put("actorRealm", auth.adminAuth().getRealm().getName());
    AuditTrail.record(session, realm, AuditTrail.actor(auth.adminAuth().getUser()), "MFA_RESET",
        new AuditRecord.Target("user", user.getId()), "success", details);
    return Map.of("removed", removed.size(), "enrolmentRequired", true);
  }

  private UserModel user(String userId) {
    UserModel user = PathValues.isStorable(userId)
        ? session.users().getUserById(realm, userId) : null;
    if (user == null) {
      // Same answer whether the id is unknown or belongs to another realm.
      throw ApiError.notFound("no such user in realm " + realm.getName());
    }
    return user;
  }

  private static List<CredentialModel> secondFactors(UserModel user) {
    return user.credentialManager().getStoredCredentialsStream()
        .filter(credential -> SecondFactors.ANY.contains(credential.getType()))
        .toList();
  }
}
