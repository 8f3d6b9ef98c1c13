package dev.palisade.mfa;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Carries a trusted identity provider's proof of MFA from its assertion to the end of the
 * sign-in. {@link UpstreamMfaMapper} puts the proof in the brokered context; Keycloak keeps that
 * context, server-side, in the authentication session while the post-broker-login flow runs;
 * there the proof is accepted once, for the user that flow signs in, and remembered so the final
 * check ({@link SignInFactors}) sees it after Keycloak has dropped the context.
 */
final class UpstreamMfa {

  /** Brokered-context key under which the mapper leaves the proof ({@code claim=value}). */
  static final String CONTEXT_KEY = "palisade.mfa.upstream";
  /** Auth-session note: the id of the user whose identity provider proved MFA. */
  static final String ACCEPTED_FOR_USER = "palisade.mfa.upstream.user";

  private UpstreamMfa() {
  }

  /**
   * In the post-broker-login flow: whether the identity provider that just signed {@code user}
   * in is trusted for MFA and proved it. The first acceptance is audited.
   */
  static boolean accept(KeycloakSession session, AuthenticationSessionModel authSession,
      UserModel user) {
    if (acceptedEarlier(authSession, user)) {
      return true;
    }
    var brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(authSession,
        PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
    var proof = brokered == null ? null : brokered.getContextData().get(CONTEXT_KEY);
    if (proof == null) {
      return false;
    }
    authSession.setAuthNote(ACCEPTED_FOR_USER, user.getId());
    AuditTrail.record(session, authSession.getRealm(), AuditTrail.actor(user),
        "MFA_UPSTREAM_ACCEPTED", new AuditRecord.Target("user", user.getId()), "success",
        Map.of("identityProvider", brokered.getIdentityProviderId(), "proof", proof.getData()));
    return true;
  }

  /** Whether this sign-in already accepted an identity provider's MFA for {@code user}. */
  static boolean acceptedEarlier(AuthenticationSessionModel authSession, UserModel user) {
    return user.getId().equals(authSession.getAuthNote(ACCEPTED_FOR_USER));
  }
}
