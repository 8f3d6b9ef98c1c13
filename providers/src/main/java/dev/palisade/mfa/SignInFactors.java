package dev.palisade.mfa;

import java.util.List;
import java.util.Set;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What one sign-in has proven about its second factor, read from the authentication session
 * once the flow is done. This is the check every sign-in passes through whatever flow the realm
 * binds, so that a flow that forgets the second factor refuses people instead of letting them in.
 */
public final class SignInFactors {

  /** Auth-session note: the factor a person chose to enrol during this sign-in. */
  public static final String ENROLLING = "palisade.mfa.enrolling";

  /**
   * Auth-session note of a flow in which a person sets their first password (an invitation):
   * they choose it before enrolling a factor. Both happen before the flow ends, and the
   * enrolment is only put off while that password is still to be set
   * ({@link SecondFactorAction}).
   */
  public static final String PASSWORD_BEFORE_ENROLMENT = "palisade.mfa.password-before-enrolment";

  /** Required actions that enrol a standing factor. */
  public static final Set<String> ENROLMENT_ACTIONS = Set.of(
      UserModel.RequiredAction.CONFIGURE_TOTP.name(), "webauthn-register",
      "webauthn-register-passwordless");

  /** The required action that hands out recovery codes, a factor of last resort. */
  public static final String RECOVERY_CODES_ACTION = "CONFIGURE_RECOVERY_AUTHN_CODES";

  /** The outcome of the check. */
  public enum Verdict {
    /** A second factor was verified in this sign-in, or the session already carried one. */
    SATISFIED,
    /** The person has no standing factor and must enrol one before anything is issued. */
    ENROL,
    /** An enrolment is under way in this sign-in; its own required action comes next. */
    ENROLLING,
    /** The person has a factor but the flow did not ask for it: refuse the sign-in. */
    MISSING
  }

  private SignInFactors() {
  }

  public static Verdict judge(RealmModel realm, AuthenticationSessionModel authSession,
      UserModel user) {
    if (UpstreamMfa.acceptedEarlier(authSession, user)) {
      return Verdict.SATISFIED;
    }
    if (!SecondFactors.hasStanding(user)) {
      return enrolmentPending(authSession, user) ? Verdict.ENROLLING : Verdict.ENROL;
    }
    if (authSession.getAuthNote(ENROLLING) != null
        || AuthenticatorUtil.isSSOAuthentication(authSession)
        || provedSecondFactor(realm, AuthenticatorUtil.getAuthnCredentials(authSession))) {
      return Verdict.SATISFIED;
    }
    return Verdict.MISSING;
  }

  /**
   * Whether the credentials a sign-in used include a second factor. A passkey used to sign in
   * without a password counts once, as both factors, only where the realm lets passkeys sign
   * people in and demands user verification (PIN or biometric) from them; see docs/mfa.md.
   */
  static boolean provedSecondFactor(RealmModel realm, List<String> usedCredentialTypes) {
    boolean passkeyOnly = !usedCredentialTypes.isEmpty() && usedCredentialTypes.stream()
        .allMatch(WebAuthnCredentialModel.TYPE_PASSWORDLESS::equals);
    if (passkeyOnly) {
      return passkeyCountsAsTwoFactors(realm);
    }
    return usedCredentialTypes.stream().anyMatch(SecondFactors.ANY::contains);
  }

  /** The realm's policy for a passkey sign-in; Palisade's default is yes (passkey-first). */
  public static boolean passkeyCountsAsTwoFactors(RealmModel realm) {
    var policy = realm.getWebAuthnPolicyPasswordless();
    return Boolean.TRUE.equals(policy.isPasskeysEnabled())
        && Constants.WEBAUTHN_POLICY_OPTION_REQUIRED.equals(policy.getUserVerificationRequirement());
  }

  private static boolean enrolmentPending(AuthenticationSessionModel authSession, UserModel user) {
    return authSession.getRequiredActions().stream().anyMatch(ENROLMENT_ACTIONS::contains)
        || user.getRequiredActionsStream().anyMatch(ENROLMENT_ACTIONS::contains);
  }
}
