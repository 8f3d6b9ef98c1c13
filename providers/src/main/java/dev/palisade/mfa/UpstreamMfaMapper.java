package dev.palisade.mfa;

import java.util.List;

import dev.palisade.spi.SingletonProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Marks an identity provider as trusted for MFA. With this mapper on a provider, a sign-in
 * whose assertion proves a second factor (an accepted {@code amr}, {@code acr} or SAML
 * {@code AuthnContextClassRef}) needs no local one; without the mapper, or without the proof,
 * Palisade's post-broker-login flow asks for the person's own factor as after a password.
 * It only marks the brokered context; {@link UpstreamMfa} reads the mark later in the sign-in.
 */
public final class UpstreamMfaMapper implements IdentityProviderMapper,
    SingletonProvider<IdentityProviderMapper> {

  /** Mapper id, part of the public contract. */
  public static final String ID = "palisade-upstream-mfa";

  static final String AMR = "amr";
  static final String ACR = "acr";
  static final String AUTHN_CONTEXT_CLASS_REF = "authn-context-class-ref";

  /** RFC 8176's value for "more than one factor"; Entra ID and Okta send it. */
  private static final String DEFAULT_AMR = "mfa";
  /** What AD FS / Entra ID and the SAML 2.0 classes use for two-factor sign-ins. */
  private static final String DEFAULT_AUTHN_CONTEXT_CLASS_REFS = String.join("##",
      "http://schemas.microsoft.com/claims/multipleauthn",
      "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
      "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered");

  private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
      .property().name(AMR).label("Accepted amr values")
      .helpText("OIDC: an ID token whose amr claim holds one of these proves MFA.")
      .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).defaultValue(DEFAULT_AMR).add()
      .property().name(ACR).label("Accepted acr values")
      .helpText("OIDC: an ID token whose acr claim is one of these proves MFA.")
      .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
      .property().name(AUTHN_CONTEXT_CLASS_REF).label("Accepted AuthnContextClassRef values")
      .helpText("SAML: an assertion whose AuthnContextClassRef is one of these proves MFA.")
      .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
      .defaultValue(DEFAULT_AUTHN_CONTEXT_CLASS_REFS).add()
      .build();

  @Override
  public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm,
      IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
    var config = mapperModel.getConfig();
    var accepted = new UpstreamEvidence.Accepted(
        UpstreamEvidence.values(config.get(AMR)),
        UpstreamEvidence.values(config.get(ACR)),
        UpstreamEvidence.values(config.get(AUTHN_CONTEXT_CLASS_REF)));
    UpstreamEvidence.proof(context.getContextData(), accepted)
        .ifPresent(proof -> context.getContextData().put(UpstreamMfa.CONTEXT_KEY, proof));
  }

  @Override
  public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
    return true;
  }

  @Override
  public String[] getCompatibleProviders() {
    return new String[] {ANY_PROVIDER};
  }

  @Override
  public String getDisplayCategory() {
    return "Palisade";
  }

  @Override
  public String getDisplayType() {
    return "Palisade: trust this provider's MFA";
  }

  @Override
  public String getHelpText() {
    return "Accepts this identity provider's second factor when its assertion proves one, "
        + "instead of asking for a local one.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user,
      IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
    // Nothing is stored on the user: the proof is about one sign-in.
  }

  @Override
  public void updateBrokeredUserLegacy(KeycloakSession session, RealmModel realm, UserModel user,
      IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
    // As importNewUser.
  }

  @Override
  public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
      IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
    // As importNewUser.
  }

  @Override
  public IdentityProviderMapper create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }
}
