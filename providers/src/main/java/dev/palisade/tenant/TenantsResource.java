package dev.palisade.tenant;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.invitation.Invitation;
import dev.palisade.invitation.Invitations;
import dev.palisade.invitation.Inviter;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * {@code /admin/realms/master/tenants}: provisioning, listing and offboarding tenants, for
 * operators (master-realm callers). Provisioning needs {@code create-realm}; reading a tenant
 * needs the right to view it, offboarding the right to manage it, as Keycloak's own realm API
 * asks: {@code create-realm} alone reaches only the tenants its holder created. A tenant is a
 * realm made from the tenant template for its plan, in one transaction: a request that fails
 * leaves no realm. Where the request gives the tenant SMTP settings, the Owner's invitation is
 * sent in that transaction too; {@code …/{name}/owner-invitation} sends it again.
 */
public final class TenantsResource {

  private final KeycloakSession session;
  private final RealmModel master;
  private final AdminAuth caller;

  TenantsResource(KeycloakSession session, RealmModel master, AdminAuth caller) {
    this.session = session;
    this.master = master;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response provision(JsonNode body) {
    AdminPermissions.realms(session, caller).requireCreateRealm();
    TenantRequest request = TenantRequest.parse(body);
    // A session of its own, so a clean persistence context: this request's has already
    // loaded the master admin role's composites (about twenty roles per realm) to check the
    // caller, and every flush of the import would walk them all (see docs/benchmarks.md).
    Map<String, Object> view = KeycloakModelUtils.runJobInTransactionWithResult(
        session.getKeycloakSessionFactory(), session.getContext(),
        provisioning -> create(provisioning, request), "palisade tenant provisioning");
    return Response.created(URI.create(request.name())).entity(view).build();
  }

  private Map<String, Object> create(KeycloakSession provisioning, TenantRequest request) {
    if (provisioning.realms().getRealmByName(request.name()) != null) {
      throw ApiError.conflict("tenant_exists", "a realm named " + request.name() + " exists");
    }
    RealmModel tenant = new RealmManager(provisioning).importRealm(TenantTemplate.realm(
        request.name(), request.displayName(), request.plan(), request.smtp()));
    grantRightsToCreator(provisioning, tenant);
    UserModel owner = Owners.create(provisioning, tenant, request.owner());

    Map<String, Object> view = view(tenant);
    Map<String, Object> ownerView = new LinkedHashMap<>();
    ownerView.put("id", owner.getId());
    ownerView.put("email", owner.getEmail());
    view.put("owner", ownerView);
    recordInBothTrails(provisioning, tenant, "TENANT_CREATED", new LinkedHashMap<>(view));
    // Last: a failed send throws, and the tenant goes with it.
    ownerView.put("invitation", inviteOwner(provisioning, tenant, owner));
    return view;
  }

  /** The Owner's invitation, where the tenant can send email; why not, where it cannot. */
  private Map<String, Object> inviteOwner(KeycloakSession provisioning, RealmModel tenant,
      UserModel owner) {
    if (!Invitations.canSendEmail(tenant)) {
      return Map.of("sent", false, "reason", "smtp_not_configured");
    }
    Invitation invitation = Invitations.send(provisioning, tenant, owner, PermissionCatalogue.OWNER,
        Inviter.of(caller), session.getContext().getUri());
    return Map.of("sent", true, "expiresAt", invitation.view(owner).get("expiresAt"));
  }

  /** {@code …/tenants/{name}/owner-invitation}: (re)sends the tenant Owner's invitation. */
  @Path("{name}/owner-invitation")
  public OwnerInvitationResource ownerInvitation(@PathParam("name") String name) {
    RealmModel tenant = tenant(name);
    if (!AdminPermissions.realms(session, caller).canView(tenant)) {
      throw noSuchTenant(name);
    }
    if (!AdminPermissions.evaluator(session, tenant, caller).realm().canManageRealm()) {
      throw ApiError.forbidden("forbidden", "inviting the owner needs the right to manage tenant "
          + name);
    }
    return new OwnerInvitationResource(session, tenant, caller);
  }

  /**
   * As Keycloak does for a realm created through its own API, the creator manages the tenant
   * they created; an operator holding master's {@code admin} role manages every realm anyway.
   */
  private void grantRightsToCreator(KeycloakSession provisioning, RealmModel tenant) {
    if (caller.hasRealmRole(AdminRoles.ADMIN)) {
      return;
    }
    ClientModel management = tenant.getMasterAdminClient();
    UserModel creator = provisioning.users().getUserById(
        provisioning.realms().getRealm(master.getId()), caller.getUser().getId());
    Arrays.stream(AdminRoles.ALL_REALM_ROLES).map(management::getRole)
        .forEach(creator::grantRole);
  }

  /** The tenants this operator may see; the others are not listed. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> list() {
    return session.realms().getRealmsStream()
        .filter(TenantsResource::isTenant)
        .filter(AdminPermissions.realms(session, caller)::canView)
        .map(TenantsResource::view)
        .toList();
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> get(@PathParam("name") String name) {
    RealmModel tenant = tenant(name);
    if (!AdminPermissions.realms(session, caller).canView(tenant)) {
      throw noSuchTenant(name);
    }
    return view(tenant);
  }

  /**
   * Offboarding: deletes the tenant's realm. Its audit trail stays in the store (it cannot be
   * deleted), but an operator should hand the tenant its export first: without one since the
   * trail's last record, deletion needs {@code ?force=true}.
   */
  @DELETE
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response offboard(@PathParam("name") String name, @QueryParam("force") boolean force) {
    RealmModel tenant = tenant(name);
    if (!AdminPermissions.realms(session, caller).canView(tenant)) {
      throw noSuchTenant(name);
    }
    if (!AdminPermissions.evaluator(session, tenant, caller).realm().canManageRealm()) {
      throw ApiError.forbidden("forbidden", "offboarding needs the right to manage tenant " + name);
    }
    if (!force && !auditExported(tenant)) {
      throw ApiError.conflict("audit_not_exported", "export the tenant's audit trail first"
          + " (GET /admin/realms/" + name + "/audit/export), or pass ?force=true");
    }
    Map<String, Object> details = view(tenant);
    details.put("forced", force);
    recordInBothTrails(session, tenant, "TENANT_DELETED", details);
    new RealmManager(session).removeRealm(tenant);
    return Response.noContent().build();
  }

  /**
   * The operator's trail (master) and the tenant's own both record a tenant's lifecycle: the
   * tenant's export then begins and ends with it, and master keeps it after offboarding.
   */
  private void recordInBothTrails(KeycloakSession in, RealmModel tenant, String action,
      Map<String, Object> details) {
    details.put("actorRealm", caller.getRealm().getName());
    for (RealmModel trail : List.of(tenant, in.realms().getRealm(master.getId()))) {
      AuditTrail.record(in, trail, AuditTrail.actor(caller.getUser()), action,
          new AuditRecord.Target("realm", tenant.getId()), "success", details);
    }
  }

  private RealmModel tenant(String name) {
    RealmModel realm = PathValues.isStorable(name) ? session.realms().getRealmByName(name)
        : null;
    if (realm == null || !isTenant(realm)) {
      throw noSuchTenant(name);
    }
    return realm;
  }

  /** The same answer for a tenant that does not exist and one the caller may not see. */
  private static RuntimeException noSuchTenant(String name) {
    return ApiError.notFound("no tenant named " + name);
  }

  private boolean auditExported(RealmModel tenant) {
    return !AuditStore.of(session).find(new AuditQuery(tenant.getId(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("AUDIT_EXPORT"), Optional.empty(),
        Optional.empty(), 0, 1)).isEmpty();
  }

  private static boolean isTenant(RealmModel realm) {
    return realm.getAttribute(TenantTemplate.PLAN_ATTRIBUTE) != null;
  }

  private static Map<String, Object> view(RealmModel tenant) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", tenant.getName());
    view.put("displayName", tenant.getDisplayName());
    view.put("plan", tenant.getAttribute(TenantTemplate.PLAN_ATTRIBUTE));
    view.put("enabled", tenant.isEnabled());
    return view;
  }
}
