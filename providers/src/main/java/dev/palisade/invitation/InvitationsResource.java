package dev.palisade.invitation;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.permissions.GivableRoles;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{tenant}/invitations}: inviting people into a tenant. Sending, resending
 * and revoking need {@code manage-users} and the right to give the invitation's role (an Admin
 * invites editors and viewers, an Owner or an operator anyone); listing needs
 * {@code view-users}.
 */
public final class InvitationsResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  InvitationsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** Creates the member (enabled, no credentials, the role) and sends the invitation. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response invite(JsonNode body) {
    auth.users().requireManage();
    InvitationRequest request = InvitationRequest.parse(body);
    requireGivable(request.role(), null);
    if (!Invitations.canSendEmail(realm)) {
      throw ApiError.conflict("smtp_not_configured", "tenant " + realm.getName()
          + " has no SMTP server; give it one (smtpServer.host) before inviting");
    }
    if (session.users().getUserByEmail(realm, request.email()) != null
        || session.users().getUserByUsername(realm, request.email()) != null) {
      throw ApiError.conflict("member_exists", "a member with this email exists");
    }
    UserModel member = session.users().addUser(realm, request.email());
    member.setEnabled(true);
    member.setEmail(request.email());
    member.setFirstName(request.firstName());
    member.setLastName(request.lastName());
    member.grantRole(realm.getRole(request.role()));
    Invitation invitation = Invitations.send(session, realm, member, request.role(),
        Inviter.of(auth.adminAuth()), session.getContext().getUri());
    return Response.created(URI.create(member.getId())).entity(invitation.view(member)).build();
  }

  /** The invitations not yet taken up, newest first. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> pending() {
    auth.users().requireView();
    long now = Time.currentTime();
    return session.users()
        .searchForUserByUserAttributeStream(realm, Invitation.PENDING_ATTRIBUTE, "true")
        .flatMap(member -> Invitation.of(member).map(invitation -> {
          Map<String, Object> view = invitation.view(member);
          view.put("sentAt", Instant.ofEpochSecond(invitation.sentAt()).toString());
          view.put("expired", now > invitation.expiresAt());
          return Map.entry(invitation.sentAt(), view);
        }).stream())
        .sorted(Map.Entry.<Long, Map<String, Object>>comparingByKey(Comparator.reverseOrder()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** A new link for a member who has not taken up their invitation; earlier links stop. */
  @POST
  @Path("{userId}/resend")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> resend(@PathParam("userId") String userId) {
    UserModel member = member(userId);
    auth.users().requireManage(member);
    String role = Invitation.of(member).map(Invitation::role)
        .orElseGet(() -> PermissionCatalogue.baseRole(realm, member));
    requireGivable(role, member);
    if (Invitations.hasPassword(member)) {
      throw ApiError.conflict("already_accepted", "this member has set a password already");
    }
    if (Invitation.of(member).isEmpty() && !neverSignedIn(member)) {
      throw ApiError.conflict("not_invited", "this member was not invited");
    }
    return Invitations.send(session, realm, member, role, Inviter.of(auth.adminAuth()),
        session.getContext().getUri()).view(member);
  }

  /** Revokes an open invitation: its link stops and the member, who never got in, goes. */
  @DELETE
  @Path("{userId}")
  public Response revoke(@PathParam("userId") String userId) {
    UserModel member = member(userId);
    auth.users().requireManage(member);
    Invitation invitation = Invitation.of(member).orElseThrow(() -> ApiError.conflict(
        "not_invited", "this member has no open invitation"));
    requireGivable(invitation.role(), member);
    if (Invitations.hasPassword(member)) {
      throw ApiError.conflict("already_accepted", "this member has set a password already");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("role", invitation.role());
    details.put("invitationId", invitation.id());
    details.put("actorRealm", auth.adminAuth().getRealm().getName());
    AuditTrail.record(session, realm, AuditTrail.actor(auth.adminAuth().getUser()),
        "INVITATION_REVOKED", new AuditRecord.Target("user", member.getId()), "success",
        details);
    // The attributes go with the member (clearing them first would leave Hibernate an
    // attribute row pointing at a removed user).
    new UserManager(session).removeUser(realm, member);
    return Response.noContent().build();
  }

  /**
   * An invitation gives its role, so only someone who may give that role sends, resends or
   * revokes it: the rule that keeps an Admin from making anyone an Owner or an administrator.
   */
  private void requireGivable(String role, UserModel member) {
    if (GivableRoles.allows(realm, auth, role)) {
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("role", role == null ? "" : role);
    details.put("reason", "the caller may not give this role");
    AuditTrail.recordApart(session, realm, AuditTrail.actor(auth.adminAuth().getUser()),
        "INVITATION_SENT", member == null ? new AuditRecord.Target("realm", realm.getId())
            : new AuditRecord.Target("user", member.getId()), "failure:owner_only", details);
    throw ApiError.forbidden("owner_only", "only an owner or an operator invites with role "
        + role);
  }

  /** Nothing but an invitation ever reached this account: no credential, no linked login. */
  private boolean neverSignedIn(UserModel member) {
    return member.credentialManager().getStoredCredentialsStream().findAny().isEmpty()
        && member.getFederationLink() == null
        && session.users().getFederatedIdentitiesStream(realm, member).findAny().isEmpty();
  }

  private UserModel member(String userId) {
    UserModel member = PathValues.isStorable(userId)
        ? session.users().getUserById(realm, userId) : null;
    if (member == null) {
      // Same answer whether the id is unknown or belongs to another realm.
      throw ApiError.notFound("no such member in " + realm.getName());
    }
    return member;
  }
}
