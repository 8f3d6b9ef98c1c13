package dev.palisade.permissions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{tenant}/permissions}: the catalogue, each member's role, grants,
 * revocations and effective permissions, and what the caller may change. Reading needs
 * {@code view-users}; changing the catalogue needs {@code manage-realm}; changing a member
 * needs {@code manage-users} and obeys three rules ({@link ChangeRules}): nobody changes their
 * own overrides, a tenant admin grants only what they hold, and only an Owner changes an Owner.
 */
public final class PermissionsResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  PermissionsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  @GET
  @Path("catalogue")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> catalogue() {
    auth.users().requireView();
    return view(tenantCatalogue());
  }

  /**
   * Replaces the catalogue and the four role sets ({@code manage-realm}: Owners). Members'
   * overrides naming a permission that is gone stay stored but count for nothing.
   */
  @PUT
  @Path("catalogue")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> changeCatalogue(JsonNode body) {
    auth.realm().requireManageRealm();
    Map<String, Object> before = view(tenantCatalogue());
    PermissionCatalogue.write(realm, CatalogueChange.parse(body));
    Map<String, Object> after = view(PermissionCatalogue.of(realm));
    record("CATALOGUE_UPDATE", new AuditRecord.Target("realm", realm.getId()), before, after);
    return after;
  }

  /**
   * What the signed-in caller may do here, by the same rules the changes obey, so that the
   * console offers only what the API will accept: their base role (null for an operator), the
   * permissions they may grant or revoke, the base roles they may give, and whether they may
   * change the catalogue.
   */
  @GET
  @Path("caller")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> caller() {
    auth.users().requireView();
    tenantCatalogue();
    AdminAuth caller = auth.adminAuth();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("role", ChangeRules.isOperator(realm, caller) ? null
        : PermissionCatalogue.baseRole(realm, caller.getUser()));
    view.put("mayGrant", auth.users().canManage()
        ? List.copyOf(ChangeRules.grantable(realm, caller)) : List.of());
    view.put("mayInviteRoles", GivableRoles.of(realm, auth));
    view.put("mayEditCatalogue", auth.realm().canManageRealm());
    return view;
  }

  /**
   * The tenant's members (service accounts left out), by username, one page at a time, each
   * with their role, overrides and effective permissions.
   */
  @GET
  @Path("members")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> members(@QueryParam("first") String first,
      @QueryParam("max") String max, @QueryParam("search") String search) {
    auth.users().requireView();
    PermissionCatalogue catalogue = tenantCatalogue();
    MemberPage page = MemberPage.parse(first, max, search);
    Map<String, String> query = new HashMap<>();
    query.put(UserModel.INCLUDE_SERVICE_ACCOUNT, Boolean.FALSE.toString());
    if (page.search() != null) {
      query.put(UserModel.SEARCH, page.search());
    }
    return session.users().searchForUserStream(realm, query, page.first(), page.max())
        .map(member -> memberEntry(catalogue, member))
        .toList();
  }

  @GET
  @Path("members/{userId}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> memberView(@PathParam("userId") String userId) {
    tenantCatalogue();
    UserModel member = findMember(userId);
    auth.users().requireView(member);
    return view(EffectivePermissions.of(realm, member));
  }

  @PUT
  @Path("members/{userId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> change(@PathParam("userId") String userId, JsonNode body) {
    PermissionCatalogue catalogue = tenantCatalogue();
    UserModel member = findMember(userId);
    auth.users().requireManage(member);
    OverridesChange change = OverridesChange.parse(body, catalogue);
    EffectivePermissions before = EffectivePermissions.of(realm, member);
    ChangeRules.check(realm, auth.adminAuth(), member, before, change);

    MemberOverrides.write(member, change.grant(), change.revoke());
    EffectivePermissions after = EffectivePermissions.of(realm, member);
    record("PERMISSIONS_UPDATE", new AuditRecord.Target("user", member.getId()), view(before),
        view(after));
    return view(after);
  }

  private void record(String action, AuditRecord.Target target, Map<String, Object> before,
      Map<String, Object> after) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("before", before);
    details.put("after", after);
    details.put("actorRealm", auth.adminAuth().getRealm().getName());
    AuditTrail.record(session, realm, AuditTrail.actor(auth.adminAuth().getUser()), action,
        target, "success", details);
  }

  private PermissionCatalogue tenantCatalogue() {
    PermissionCatalogue catalogue = PermissionCatalogue.of(realm);
    if (catalogue.isEmpty()) {
      throw ApiError.notFound("realm " + realm.getName() + " has no permission catalogue");
    }
    return catalogue;
  }

  private UserModel findMember(String userId) {
    UserModel user = PathValues.isStorable(userId)
        ? session.users().getUserById(realm, userId) : null;
    if (user == null) {
      throw ApiError.notFound("no such user in realm " + realm.getName());
    }
    return user;
  }

  private static Map<String, Object> view(PermissionCatalogue catalogue) {
    List<Map<String, String>> permissions = catalogue.descriptions().entrySet().stream()
        .map(entry -> Map.of("name", entry.getKey(), "description",
            entry.getValue() == null ? "" : entry.getValue()))
        .toList();
    return Map.of("permissions", permissions, "roles", catalogue.byRole());
  }

  private Map<String, Object> memberEntry(PermissionCatalogue catalogue, UserModel member) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", member.getId());
    entry.put("username", member.getUsername());
    entry.put("email", member.getEmail());
    entry.put("firstName", member.getFirstName());
    entry.put("lastName", member.getLastName());
    entry.putAll(view(EffectivePermissions.evaluate(catalogue,
        PermissionCatalogue.baseRole(realm, member), MemberOverrides.grants(member),
        MemberOverrides.revocations(member))));
    return entry;
  }

  static Map<String, Object> view(EffectivePermissions permissions) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("role", permissions.role());
    view.put("grant", permissions.grant());
    view.put("revoke", permissions.revoke());
    view.put("effective", permissions.effective());
    return view;
  }

  /** A PUT body, checked against the catalogue: two arrays of known permission names. */
  record OverridesChange(Set<String> grant, Set<String> revoke) {

    static OverridesChange parse(JsonNode body, PermissionCatalogue catalogue) {
      if (body == null || !body.isObject()) {
        throw ApiError.badRequest("the body must be {\"grant\":[…],\"revoke\":[…]}");
      }
      Set<String> grant = names(body, "grant", catalogue);
      Set<String> revoke = names(body, "revoke", catalogue);
      Set<String> both = new TreeSet<>(grant);
      both.retainAll(revoke);
      if (!both.isEmpty()) {
        throw ApiError.badRequest("granted and revoked at once: " + both);
      }
      return new OverridesChange(grant, revoke);
    }

    private static Set<String> names(JsonNode body, String field, PermissionCatalogue catalogue) {
      JsonNode array = body.get(field);
      return array == null || array.isNull() ? Set.of()
          : PermissionNames.read(array, field, catalogue::contains,
              "not in this tenant's catalogue");
    }
  }
}
