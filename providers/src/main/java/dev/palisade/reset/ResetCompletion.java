package dev.palisade.reset;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.mfa.SignOut;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What follows a new password set through the reset flow, whatever the person ticked on the
 * form: every other session and every token issued before ends, the person is told by email
 * that their password changed, and the reset is recorded. Keycloak sends the password event
 * inside the request's transaction, so all of it commits with the password or not at all.
 */
final class ResetCompletion implements EventListenerProvider {

  private static final Logger LOG = Logger.getLogger(ResetCompletion.class);

  private final KeycloakSession session;

  ResetCompletion(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(Event event) {
    AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
    if (event.getType() != EventType.UPDATE_PASSWORD || event.getError() != null
        || authSession == null) {
      return;
    }
    RealmModel realm = authSession.getRealm();
    UserModel user = authSession.getAuthenticatedUser();
    if (user == null
        || !user.getId().equals(authSession.getAuthNote(FactorOnRecord.RESETTING_USER))) {
      return;
    }
    int ended = SignOut.allButThisSignIn(session, realm, user, authSession);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("sessionsEnded", ended);
    details.put("notified", notify(realm, user, event));
    AuditTrail.record(session, realm, AuditTrail.actor(user), "RESET_COMPLETED",
        new AuditRecord.Target("user", user.getId()), "success", details);
  }

  /** Keycloak's "your password was updated" email, in the realm's email theme. */
  private boolean notify(RealmModel realm, UserModel user, Event event) {
    if (user.getEmail() == null || user.getEmail().isBlank()) {
      return false;
    }
    try {
      session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
          .sendEvent(event);
      return true;
    } catch (EmailException e) {
      // The password is set and the sessions are gone; a mail outage must not undo that.
      LOG.warnf("Realm %s: could not send the password-changed notice to user %s: %s",
          realm.getName(), user.getId(), e.getMessage());
      return false;
    }
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    // Admins set passwords through the admin API; that is audited as an admin event.
  }

  @Override
  public void close() {
    // Nothing held.
  }
}
