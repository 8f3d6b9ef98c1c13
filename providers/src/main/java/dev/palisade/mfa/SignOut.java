package dev.palisade.mfa;

import java.util.List;
import java.util.function.Predicate;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Ends every session of a person and voids every token issued to them so far. */
public final class SignOut {

  private SignOut() {
  }

  public static void everywhere(KeycloakSession session, RealmModel realm, UserModel user) {
    endSessions(session, realm, user, userSession -> true);
  }

  /**
   * As {@link #everywhere}, but keeps the session the sign-in {@code current} is completing
   * (Keycloak gives it the id of the browser's authentication session). Returns how many
   * sessions ended.
   */
  public static int allButThisSignIn(KeycloakSession session, RealmModel realm, UserModel user,
      AuthenticationSessionModel current) {
    String kept = current.getParentSession().getId();
    return endSessions(session, realm, user, userSession -> !kept.equals(userSession.getId()));
  }

  private static int endSessions(KeycloakSession session, RealmModel realm, UserModel user,
      Predicate<UserSessionModel> ending) {
    // Tokens issued before "not before" fail validation and refresh, offline ones included.
    session.users().setNotBeforeForUser(realm, user, Time.currentTime());
    var context = session.getContext();
    List<UserSessionModel> ended = session.sessions().getUserSessionsStream(realm, user)
        .filter(ending)
        .toList(); // backchannelLogout removes sessions from the stream's source
    ended.forEach(userSession -> AuthenticationManager.backchannelLogout(session, realm,
        userSession, context.getUri(), context.getConnection(), context.getRequestHeaders(),
        true));
    return ended.size();
  }
}
