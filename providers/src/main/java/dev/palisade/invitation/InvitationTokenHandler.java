package dev.palisade.invitation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.mfa.SignInFactors;
import dev.palisade.spi.EveryRealm;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.Config;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.AbstractActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.ExplainedTokenVerificationException;
import org.keycloak.common.VerificationException;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ErrorPageException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.util.ResolveRelative;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Opens an invitation link. The link must be the member's current invitation (so it works once,
 * and not after a newer one was sent or the invitation was revoked) and not expired; then, as
 * Keycloak's execute-actions link does, it sends the person through required actions: a new
 * password, then Palisade's second-factor enrolment, which every sign-in of a person without a
 * factor goes through. The flow ends on a page and issues no session or token: the person then
 * signs in to their console with the password and the factor they just set.
 *
 * <p>Opening the link first shows a page to confirm on, as Keycloak's own links do, so that a
 * mail scanner that follows links does not use the invitation up.
 */
public final class InvitationTokenHandler extends AbstractActionTokenHandler<InvitationToken> {

  /** Login theme message of every refused link. */
  static final String NO_LONGER_VALID = "palisadeInvitationInvalid";
  static final String REFUSED = "INVITATION_REFUSED";

  private volatile Duration lifespan = InvitationLifespan.DEFAULT;

  public InvitationTokenHandler() {
    super(InvitationToken.TOKEN_TYPE, InvitationToken.class, NO_LONGER_VALID,
        EventType.EXECUTE_ACTIONS, Errors.INVALID_TOKEN);
  }

  @Override
  public void init(Config.Scope config) {
    lifespan = InvitationLifespan.parse(config.get(InvitationLifespan.OPTION));
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Tenants keep the invitation attributes hidden, at creation and at every start.
    factory.register(new EveryRealm(factory,
        (session, realm, created) -> InvitationProfile.declareInTenant(session, realm)));
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property().name(InvitationLifespan.OPTION).type("string")
        .helpText("How long an invitation link stays valid, in hours (decimals allowed).")
        .defaultValue("72").add()
        .build();
  }

  Duration lifespan() {
    return lifespan;
  }

  /**
   * A member who is gone was revoked with their invitation: refused before Keycloak's own
   * "invalid user". The error page ends the request with a rollback, so the refusal is
   * recorded on a transaction of its own.
   */
  @Override
  public AuthenticationSessionModel startFreshAuthenticationSession(InvitationToken token,
      ActionTokenContext<InvitationToken> context) {
    KeycloakSession session = context.getSession();
    UserModel member = token.getUserId() == null ? null
        : session.users().getUserById(context.getRealm(), token.getUserId());
    if (member == null) {
      AuditTrail.recordApart(session, context.getRealm(), AuditRecord.Actor.SYSTEM, REFUSED,
          new AuditRecord.Target("user", token.getUserId()),
          "failure:" + LinkCheck.REVOKED.reason(), Map.of("reason", LinkCheck.REVOKED.reason()));
      throw new ErrorPageException(session, null, Response.Status.BAD_REQUEST, NO_LONGER_VALID);
    }
    return super.startFreshAuthenticationSession(token, context);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TokenVerifier.Predicate<? super InvitationToken>[] getVerifiers(
      ActionTokenContext<InvitationToken> context) {
    return new TokenVerifier.Predicate[] {token -> current(context, (InvitationToken) token)};
  }

  private boolean current(ActionTokenContext<InvitationToken> context, InvitationToken token)
      throws VerificationException {
    UserModel member = context.getAuthenticationSession().getAuthenticatedUser();
    var refusal = LinkCheck.refuse(Invitation.of(member), token.getInvitationId(),
        Instant.ofEpochSecond(Time.currentTime()));
    if (refusal.isPresent()) {
      throw refuse(context, token, refusal.get(), Errors.INVALID_TOKEN);
    }
    if (token.getEmail() == null || !token.getEmail().equalsIgnoreCase(member.getEmail())) {
      // The member's address changed since: the link went to a mailbox that is not theirs now.
      throw refuse(context, token, LinkCheck.REPLACED, Errors.INVALID_EMAIL);
    }
    return true;
  }

  private static ExplainedTokenVerificationException refuse(
      ActionTokenContext<InvitationToken> context, InvitationToken token, LinkCheck reason,
      String eventError) {
    record(context.getSession(), context.getRealm(), token.getUserId(), reason);
    return new ExplainedTokenVerificationException(token, eventError, NO_LONGER_VALID);
  }

  /** One record per refused link, whoever opened it; never the link itself. */
  static void record(KeycloakSession session, RealmModel realm, String userId, LinkCheck reason) {
    AuditTrail.record(session, realm, AuditRecord.Actor.SYSTEM, REFUSED,
        new AuditRecord.Target("user", userId), "failure:" + reason.reason(),
        Map.of("reason", reason.reason()));
  }

  @Override
  public Response handleToken(InvitationToken token, ActionTokenContext<InvitationToken> context) {
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    KeycloakSession session = context.getSession();
    RealmModel realm = context.getRealm();
    UriInfo uri = context.getUriInfo();
    if (context.isAuthenticationSessionFresh()) {
      return confirmation(token, context);
    }
    UserModel member = authSession.getAuthenticatedUser();
    Invitation invitation = Invitation.of(member).orElseThrow();
    // Single use: from here on no link of this invitation matches.
    Invitation.clear(member);
    member.setEmailVerified(true);
    authSession.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
    // The password first, then the second factor, as the invitation email says.
    authSession.setAuthNote(SignInFactors.PASSWORD_BEFORE_ENROLMENT, "true");
    String landing = landing(session, authSession.getClient());
    if (landing != null) {
      authSession.setAuthNote(AuthenticationManager.SET_REDIRECT_URI_AFTER_REQUIRED_ACTIONS,
          "true");
      authSession.setRedirectUri(landing);
      authSession.setClientNote(OIDCLoginProtocol.REDIRECT_URI_PARAM, landing);
    }
    AuditTrail.record(session, realm, AuditTrail.actor(member), "INVITATION_ACCEPTED",
        new AuditRecord.Target("user", member.getId()), "success",
        Map.of("role", invitation.role(), "invitationId", invitation.id()));
    String next = AuthenticationManager.nextRequiredAction(session, authSession,
        context.getRequest(), context.getEvent());
    return AuthenticationManager.redirectToRequiredActions(session, realm, authSession, uri, next);
  }

  /** The page a fresh browser sees first: the same link, bound to this browser's sign-in. */
  private static Response confirmation(InvitationToken token,
      ActionTokenContext<InvitationToken> context) {
    AuthenticationSessionModel authSession = context.getAuthenticationSession();
    KeycloakSession session = context.getSession();
    RealmModel realm = context.getRealm();
    token.setCompoundAuthenticationSessionId(
        AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId());
    String confirm = Urls.actionTokenBuilder(context.getUriInfo().getBaseUri(),
            token.serialize(session, realm, context.getUriInfo()),
            authSession.getClient().getClientId(), authSession.getTabId(),
            AuthenticationProcessor.getClientData(session, authSession))
        .build(realm.getName()).toString();
    return session.getProvider(LoginFormsProvider.class)
        .setAuthenticationSession(authSession)
        .setUser(authSession.getAuthenticatedUser())
        .setSuccess(Messages.CONFIRM_EXECUTION_OF_ACTIONS)
        .setAttribute(Constants.TEMPLATE_ATTR_ACTION_URI, confirm)
        .setAttribute(Constants.TEMPLATE_ATTR_REQUIRED_ACTIONS,
            List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()))
        .createInfoPage();
  }

  /** The console's address, offered as the way on once the account is set up. */
  private static String landing(KeycloakSession session, ClientModel client) {
    if (client == null || client.getBaseUrl() == null) {
      return null;
    }
    return ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), client.getBaseUrl());
  }

  @Override
  public boolean canUseTokenRepeatedly(InvitationToken token,
      ActionTokenContext<InvitationToken> context) {
    // Keycloak keeps a used link's key too: a second line behind the member's current id.
    return false;
  }
}
