package dev.palisade.mfa;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Which credentials count as a second factor. A <em>standing</em> factor is one a person keeps
 * using: an authenticator app (TOTP) or a passkey / security key. Recovery codes are a second
 * factor for one sign-in each, never a standing one: an account whose only factor is a
 * dwindling list of codes is one lost sheet of paper away from having none.
 */
public final class SecondFactors {

  /** Credential types of standing second factors. */
  public static final Set<String> STANDING = Set.of(OTPCredentialModel.TYPE,
      WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS);

  /** Credential types that prove a second factor when used in a sign-in. */
  public static final Set<String> ANY = Set.of(OTPCredentialModel.TYPE,
      WebAuthnCredentialModel.TYPE_TWOFACTOR, WebAuthnCredentialModel.TYPE_PASSWORDLESS,
      RecoveryAuthnCodesCredentialModel.TYPE);

  /**
   * The authenticators that verify a second factor, in the order a flow offers them: the first
   * one the person holds asks for it; "Try another way" lists the others they hold.
   */
  public static final List<String> AUTHENTICATORS = List.of("auth-otp-form",
      "webauthn-authenticator-passwordless", "webauthn-authenticator",
      "auth-recovery-authn-code-form");

  private SecondFactors() {
  }

  /** How many standing second factors {@code user} holds. */
  public static long standingCount(UserModel user) {
    return user.credentialManager().getStoredCredentialsStream()
        .filter(credential -> STANDING.contains(credential.getType()))
        .count();
  }

  public static boolean hasStanding(UserModel user) {
    return standingCount(user) > 0;
  }

  /** Whether {@code user} can prove a second factor at all, recovery codes included. */
  public static boolean hasAny(UserModel user) {
    return user.credentialManager().getStoredCredentialsStream()
        .anyMatch(credential -> ANY.contains(credential.getType()));
  }

  /** {@code user}'s second factors, recovery codes included, oldest first. */
  public static List<CredentialModel> of(UserModel user) {
    return user.credentialManager().getStoredCredentialsStream()
        .filter(credential -> ANY.contains(credential.getType()))
        .sorted(Comparator.comparing(SecondFactors::createdOf))
        .toList();
  }

  /**
   * How every Palisade API shows a factor: {@code type}, {@code label} ({@code ""} when the
   * person gave none) and {@code created} (epoch milliseconds, 0 when unknown); never a secret.
   */
  public static Map<String, Object> describe(CredentialModel credential) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("type", credential.getType());
    view.put("label", credential.getUserLabel() == null ? "" : credential.getUserLabel());
    view.put("created", createdOf(credential));
    return view;
  }

  private static long createdOf(CredentialModel credential) {
    return credential.getCreatedDate() == null ? 0 : credential.getCreatedDate();
  }
}
