package dev.palisade.invitation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.rest.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.authentication.actiontoken.ActionTokenHandler;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Sending an invitation: the member's new current invitation, the signed link, the email and
 * the audit record, all on the caller's transaction. The email goes last, so a send that fails
 * marks that transaction rollback-only and throws: nothing is left of an invitation that was
 * not sent, a member created for it included.
 */
public final class Invitations {

  /** Where a person with administrative rights lands: the tenant's admin console. */
  static final String ADMIN_CONSOLE = Constants.ADMIN_CONSOLE_CLIENT_ID;
  /** Where everyone else lands. */
  static final String ACCOUNT_CONSOLE = Constants.ACCOUNT_CONSOLE_CLIENT_ID;

  static final String TEMPLATE = "palisade-invitation.ftl";
  static final String SUBJECT = "palisadeInvitationSubject";

  private static final Logger LOG = Logger.getLogger(Invitations.class);
  private static final DateTimeFormatter EXPIRY = DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Invitations() {
  }

  /** Whether the realm can send email at all: its SMTP settings name a host. */
  public static boolean canSendEmail(RealmModel realm) {
    Map<String, String> smtp = realm.getSmtpConfig();
    return smtp != null && smtp.get("host") != null && !smtp.get("host").isBlank();
  }

  /** Whether the member has chosen a password, i.e. has taken up an invitation already. */
  public static boolean hasPassword(UserModel member) {
    return member.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE);
  }

  /**
   * Sends {@code member} an invitation to {@code role}, replacing any earlier one.
   *
   * @throws WebApplicationException 409 {@code smtp_not_configured}, 502 {@code email_failed}
   */
  public static Invitation send(KeycloakSession session, RealmModel realm, UserModel member,
      String role, Inviter inviter, UriInfo uri) {
    if (!canSendEmail(realm)) {
      throw ApiError.conflict("smtp_not_configured", "tenant " + realm.getName()
          + " has no SMTP server; give it one (smtpServer.host) before inviting");
    }
    boolean replaces = Invitation.of(member).isPresent();
    Invitation invitation = Invitation.issue(role, inviter,
        Instant.ofEpochSecond(Time.currentTime()), lifespan(session));
    invitation.holdBy(member);

    RealmModel previous = session.getContext().getRealm();
    // The realm's keys sign the link and its email theme renders the message.
    session.getContext().setRealm(realm);
    try {
      String link = link(session, realm, member, invitation, uri);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("role", role);
      details.put("invitationId", invitation.id());
      details.put("expiresAt", invitation.expiry().toString());
      details.put("replaced", replaces);
      details.put("actorRealm", inviter.realm());
      AuditTrail.record(session, realm, inviter.actor(), "INVITATION_SENT",
          new AuditRecord.Target("user", member.getId()), "success", details);
      email(session, realm, member, invitation, inviter, link);
    } finally {
      session.getContext().setRealm(previous);
    }
    return invitation;
  }

  /** The handler's configured lifespan; the default where the handler is not deployed. */
  static Duration lifespan(KeycloakSession session) {
    Object factory = session.getKeycloakSessionFactory()
        .getProviderFactory(ActionTokenHandler.class, InvitationToken.TOKEN_TYPE);
    return factory instanceof InvitationTokenHandler handler ? handler.lifespan()
        : InvitationLifespan.DEFAULT;
  }

  /** The console a member of {@code role} lands in: the admin console if it administers. */
  static String landingClient(RealmModel realm, String role) {
    RoleModel model = realm.getRole(role);
    boolean administers = model != null && RoleUtils.expandCompositeRolesStream(Stream.of(model))
        .anyMatch(r -> r.getContainer() instanceof ClientModel client
            && Constants.REALM_MANAGEMENT_CLIENT_ID.equals(client.getClientId()));
    return administers ? ADMIN_CONSOLE : ACCOUNT_CONSOLE;
  }

  private static String link(KeycloakSession session, RealmModel realm, UserModel member,
      Invitation invitation, UriInfo uri) {
    InvitationToken token = new InvitationToken(member.getId(), member.getEmail(), invitation,
        landingClient(realm, invitation.role()));
    return LoginActionsService.actionTokenProcessor(uri)
        .queryParam(Constants.KEY, token.serialize(session, realm, uri))
        .build(realm.getName()).toString();
  }

  private static void email(KeycloakSession session, RealmModel realm, UserModel member,
      Invitation invitation, Inviter inviter, String link) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("link", link);
    attributes.put("inviterName", inviter.displayName());
    attributes.put("role", invitation.role());
    attributes.put("expiresAt", EXPIRY.format(invitation.expiry()));
    String tenant = realm.getDisplayName() == null || realm.getDisplayName().isBlank()
        ? realm.getName() : realm.getDisplayName();
    attributes.put("tenantName", tenant);
    try {
      session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(member)
          .send(SUBJECT, List.of(tenant), TEMPLATE, attributes);
    } catch (EmailException e) {
      // The message may name the SMTP host but never the link: it is not in the exception.
      LOG.warnf("Realm %s: could not send the invitation to user %s: %s", realm.getName(),
          member.getId(), e.getMessage());
      // Keycloak commits a request that ends in a WebApplicationException: say it must not.
      session.getTransactionManager().setRollbackOnly();
      throw ApiError.badGateway("email_failed",
          "the invitation email could not be sent; nothing was changed");
    }
  }
}
