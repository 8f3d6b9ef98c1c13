package dev.palisade.mfa;

import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.credential.OTPCredentialProvider;
import org.keycloak.credential.OTPCredentialProviderFactory;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProviderFactory;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProvider;
import org.keycloak.credential.WebAuthnPasswordlessCredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's OTP and WebAuthn credential providers under their own ids, with one change: their
 * type metadata says "not removeable" where {@link LastFactorGuard} refuses. Keycloak prefers a
 * deployed factory over its built-in one of the same id.
 */
final class GuardedCredentialProviders {

  private GuardedCredentialProviders() {
  }

  /** Authenticator apps. */
  public static final class Otp extends OTPCredentialProviderFactory {
    @Override
    public OTPCredentialProvider create(KeycloakSession session) {
      return new OTPCredentialProvider(session) {
        @Override
        public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext c) {
          return LastFactorGuard.restrict(session, super.getCredentialTypeMetadata(c), c);
        }
      };
    }
  }

  /** Security keys registered as a second factor. */
  public static final class WebAuthn extends WebAuthnCredentialProviderFactory {
    @Override
    public CredentialProvider create(KeycloakSession session) {
      return new WebAuthnCredentialProvider(session, getMetadataService(),
          createOrGetObjectConverter()) {
        @Override
        public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext c) {
          return LastFactorGuard.restrict(session, super.getCredentialTypeMetadata(c), c);
        }
      };
    }
  }

  /** Passkeys. */
  public static final class Passkey extends WebAuthnPasswordlessCredentialProviderFactory {
    @Override
    public CredentialProvider create(KeycloakSession session) {
      return new WebAuthnPasswordlessCredentialProvider(session, getMetadataService(),
          createOrGetObjectConverter()) {
        @Override
        public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext c) {
          return LastFactorGuard.restrict(session, super.getCredentialTypeMetadata(c), c);
        }
      };
    }
  }
}
