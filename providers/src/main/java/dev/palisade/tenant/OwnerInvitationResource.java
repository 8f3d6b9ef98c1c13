package dev.palisade.tenant;

import java.util.Comparator;
import java.util.Map;

import dev.palisade.invitation.Invitation;
import dev.palisade.invitation.Invitations;
import dev.palisade.invitation.Inviter;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code POST /admin/realms/master/tenants/{name}/owner-invitation}: the operator's way to get a
 * tenant's first Owner in (a new link; earlier ones stop working), with the rights offboarding
 * needs. {@link TenantsResource} has checked them before this is reached.
 */
public final class OwnerInvitationResource {

  private final KeycloakSession session;
  private final RealmModel tenant;
  private final AdminAuth caller;

  OwnerInvitationResource(KeycloakSession session, RealmModel tenant, AdminAuth caller) {
    this.session = session;
    this.tenant = tenant;
    this.caller = caller;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> send() {
    UserModel owner = firstOwner();
    if (Invitations.hasPassword(owner)) {
      throw ApiError.conflict("already_accepted", "the owner has signed in already; they reset"
          + " their own password with their second factor");
    }
    Invitation invitation = Invitations.send(session, tenant, owner, PermissionCatalogue.OWNER,
        Inviter.of(caller), session.getContext().getUri());
    Map<String, Object> view = invitation.view(owner);
    view.put("sent", true);
    return view;
  }

  /** The Owner provisioning created: the tenant's earliest Owner. */
  private UserModel firstOwner() {
    RoleModel ownerRole = PermissionCatalogue.ownerRole(tenant);
    return session.users().getRoleMembersStream(tenant, ownerRole)
        .min(Comparator.comparing(UserModel::getCreatedTimestamp,
            Comparator.nullsLast(Comparator.naturalOrder())))
        .orElseThrow(() -> ApiError.notFound("tenant " + tenant.getName() + " has no owner"));
  }
}
