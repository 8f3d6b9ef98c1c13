package dev.palisade.mfa;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

  static final int DEFAULT_PAGE = 20;
  /** Each member listed costs a look into the audit trail: pages stay short. */
  static final int MAX_PAGE = 100;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  MfaResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /**
   * Members with their second factors, their last sign-in that proved one, and whether the
   * caller may reset their factors; by username, service accounts left out. {@code search} is
   * Keycloak's user search (username, email, first or last name).
   */
  @GET
  @Path("users")
  @Produces(MediaType.APPLICATION_JSON)
  public ArrayNode members(@QueryParam("first") String first, @QueryParam("max") String max,
      @QueryParam("search") String search) {
    auth.users().requireView();
    int firstIndex = wholeNumber("first", first, 0);
    if (firstIndex < 0) {
      throw ApiError.badRequest("'first' must be 0 or more");
    }
    int pageSize = wholeNumber("max", max, DEFAULT_PAGE);
    if (pageSize < 1 || pageSize > MAX_PAGE) {
      throw ApiError.badRequest("'max' must be between 1 and " + MAX_PAGE);
    }
    Map<String, String> criteria = new TreeMap<>(
        Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"));
    if (search != null && !search.isBlank()) {
      if (!PathValues.isStorable(search)) {
        throw ApiError.badRequest("'search' is longer than 255 characters or holds a control"
            + " character");
      }
      criteria.put(UserModel.SEARCH, search.trim());
    }
    ResetPermission resets = new ResetPermission(session, realm, auth);
    SecondFactorSignIns signIns = new SecondFactorSignIns(AuditStore.of(session), realm.getId());
    ArrayNode members = JsonNodeFactory.instance.arrayNode();
    session.users().searchForUserStream(realm, criteria, firstIndex, pageSize)
        .forEach(user -> members.add(member(user, resets, signIns)));
    return members;
  }

  /**
   * One member of the list. A tree rather than a map: Keycloak's JSON output drops null map
   * values, and the list always shows {@code lastSecondFactorSignIn} and {@code role}.
   */
  private ObjectNode member(UserModel user, ResetPermission resets, SecondFactorSignIns signIns) {
    ObjectNode member = JsonNodeFactory.instance.objectNode();
    member.put("id", user.getId());
    member.put("username", user.getUsername());
    member.put("email", user.getEmail());
    member.put("role", PermissionCatalogue.baseRole(realm, user));
    member.put("enrolled", SecondFactors.hasStanding(user));
    member.putPOJO("factors", SecondFactors.of(user).stream().map(SecondFactors::describe)
        .toList());
    member.put("lastSecondFactorSignIn",
        signIns.newest(user.getId()).map(Instant::toString).orElse(null));
    member.put("mayReset", resets.allows(user));
    return member;
  }

  private static int wholeNumber(String name, String value, int defaultValue) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + name + "' must be a whole number");
    }
  }

  /** The member's second factors by type and label; never a secret. */
  @GET
  @Path("users/{userId}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> status(@PathParam("userId") String userId) {
    UserModel user = user(userId);
    auth.users().requireView(user);
    List<Map<String, Object>> factors = SecondFactors.of(user).stream()
        .map(credential -> {
          Map<String, Object> factor = new LinkedHashMap<>(Map.of("id", credential.getId()));
          factor.putAll(SecondFactors.describe(credential));
          return factor;
        })
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
    new ResetPermission(session, realm, auth).require(user);
    List<CredentialModel> removed = SecondFactors.of(user);
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
}
