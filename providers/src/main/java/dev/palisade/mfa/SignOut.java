package dev.palisade.mfa;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/** Ends every session of a person and voids every token issued to them so far. */
public final class SignOut {

  private SignOut() {
  }

  public static void everywhere(KeycloakSession session, RealmModel realm, UserModel user) {
    // Tokens issued before "not before" fail validation and refresh, offline ones included.
    session.users().setNotBeforeForUser(realm, user, Time.currentTime());
    var context = session.getContext();
    session.sessions().getUserSessionsStream(realm, user)
        .toList() // backchannelLogout removes sessions from the stream's source
        .forEach(userSession -> AuthenticationManager.backchannelLogout(session, realm,
            userSession, context.getUri(), context.getConnection(),
            context.getRequestHeaders(), true));
  }
}
