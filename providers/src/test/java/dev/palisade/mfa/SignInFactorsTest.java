package dev.palisade.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.sessions.AuthenticationSessionModel;

class SignInFactorsTest {

  private static final String USER_ID = "5f1c0e4a-user";

  private final RealmModel realm = mock(RealmModel.class);
  private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
  private final UserModel user = mock(UserModel.class);
  private final SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
  private final Map<String, String> notes = new HashMap<>();
  private final Set<String> sessionActions = new HashSet<>();
  private final WebAuthnPolicy passkeyPolicy = new WebAuthnPolicy();

  @BeforeEach
  void wire() {
    when(user.credentialManager()).thenReturn(credentials);
    when(user.getId()).thenReturn(USER_ID);
    when(user.getRequiredActionsStream()).thenAnswer(i -> Stream.empty());
    when(authSession.getAuthNote(org.mockito.ArgumentMatchers.anyString()))
        .thenAnswer(i -> notes.get(i.<String>getArgument(0)));
    when(authSession.getRequiredActions()).thenReturn(sessionActions);
    when(realm.getWebAuthnPolicyPasswordless()).thenReturn(passkeyPolicy);
    passkeyPolicy.setPasskeysEnabled(true);
    passkeyPolicy.setUserVerificationRequirement("required");
  }

  private void holds(String... types) {
    when(credentials.getStoredCredentialsStream()).thenAnswer(i -> Arrays.stream(types)
        .map(type -> {
          CredentialModel credential = new CredentialModel();
          credential.setType(type);
          return credential;
        }));
  }

  private void used(String... types) {
    notes.put(AuthenticationProcessor.AUTHN_CREDENTIALS,
        "[" + String.join(",", Arrays.stream(types).map(t -> "\"" + t + "\"").toList()) + "]");
  }

  private SignInFactors.Verdict verdict() {
    return SignInFactors.judge(realm, authSession, user);
  }

  @Nested
  class WithoutAStandingFactor {

    @Test
    void aPasswordOnlyPersonMustEnrol() {
      holds("password");
      used("password");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.ENROL);
    }

    @Test
    void recoveryCodesAloneAreNotAStandingFactor() {
      holds("password", "recovery-authn-codes");
      used("password", "recovery-authn-codes");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.ENROL);
    }

    @Test
    void anEnrolmentAlreadyQueuedIsLeftToRun() {
      holds("password");
      sessionActions.add("CONFIGURE_TOTP");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.ENROLLING);
    }
  }

  @Nested
  class WithAStandingFactor {

    @Test
    void aSignInThatProvedNoFactorIsRefused() {
      holds("password", "otp");
      used("password");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.MISSING);
    }

    @Test
    void aCodeOrARecoveryCodeSatisfies() {
      holds("password", "otp");
      used("password", "otp");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.SATISFIED);
      used("password", "recovery-authn-codes");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.SATISFIED);
    }

    @Test
    void anSsoSessionSatisfies() {
      holds("password", "otp");
      notes.put("SSO_AUTH", "true");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.SATISFIED);
    }

    @Test
    void aPasskeyAloneSatisfiesOnlyWithPasskeySignInAndUserVerificationRequired() {
      holds("webauthn-passwordless");
      used("webauthn-passwordless");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.SATISFIED);

      passkeyPolicy.setUserVerificationRequirement("preferred");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.MISSING);

      passkeyPolicy.setUserVerificationRequirement("required");
      passkeyPolicy.setPasskeysEnabled(false);
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.MISSING);
    }

    @Test
    void aTrustedUpstreamAssertionSatisfiesOnlyForTheUserItWasAcceptedFor() {
      holds("password", "otp");
      notes.put(UpstreamMfa.ACCEPTED_FOR_USER, "someone-else");
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.MISSING);
      notes.put(UpstreamMfa.ACCEPTED_FOR_USER, USER_ID);
      assertThat(verdict()).isEqualTo(SignInFactors.Verdict.SATISFIED);
    }
  }
}
