package dev.palisade.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AuthnContextClassRefType;
import org.keycloak.dom.saml.v2.assertion.AuthnContextType;
import org.keycloak.dom.saml.v2.assertion.AuthnStatementType;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

class UpstreamEvidenceTest {

  private static final String MULTIPLE_AUTHN = "http://schemas.microsoft.com/claims/multipleauthn";
  private static final UpstreamEvidence.Accepted DEFAULTS = new UpstreamEvidence.Accepted(
      Set.of("mfa"), Set.of("urn:okta:loa:2fa:any"), Set.of(MULTIPLE_AUTHN));

  @Test
  void anAcceptedAmrValueProvesMfa() {
    assertThat(UpstreamEvidence.proof(idToken(Map.of("amr", List.of("pwd", "mfa"))), DEFAULTS))
        .contains("amr=mfa");
  }

  @Test
  void aPasswordOnlyAmrProvesNothing() {
    assertThat(UpstreamEvidence.proof(idToken(Map.of("amr", List.of("pwd"))), DEFAULTS)).isEmpty();
    assertThat(UpstreamEvidence.proof(idToken(Map.of()), DEFAULTS)).isEmpty();
  }

  @Test
  void aLoneAmrStringIsReadAsOneValue() {
    assertThat(UpstreamEvidence.proof(idToken(Map.of("amr", "mfa")), DEFAULTS)).contains("amr=mfa");
  }

  @Test
  void anAcceptedAcrProvesMfaWhetherDeclaredOrNot() {
    IDToken declared = new IDToken();
    declared.setAcr("urn:okta:loa:2fa:any");
    assertThat(UpstreamEvidence.proof(declared, DEFAULTS)).contains("acr=urn:okta:loa:2fa:any");
    assertThat(UpstreamEvidence.proof(idToken(Map.of("acr", "urn:okta:loa:2fa:any")), DEFAULTS))
        .contains("acr=urn:okta:loa:2fa:any");
    assertThat(UpstreamEvidence.proof(idToken(Map.of("acr", "1")), DEFAULTS)).isEmpty();
  }

  @Test
  void valuesAreComparedExactly() {
    assertThat(UpstreamEvidence.proof(idToken(Map.of("amr", List.of("MFA", "mfa "))), DEFAULTS))
        .isEmpty();
  }

  @Test
  void anAcceptedSamlAuthnContextClassRefProvesMfa() {
    assertThat(UpstreamEvidence.proof(authnStatement(MULTIPLE_AUTHN), DEFAULTS))
        .contains("AuthnContextClassRef=" + MULTIPLE_AUTHN);
    assertThat(UpstreamEvidence.proof(
        authnStatement("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"),
        DEFAULTS)).isEmpty();
    assertThat(UpstreamEvidence.proof(new AuthnStatementType(null), DEFAULTS)).isEmpty();
  }

  @Test
  void readsWhicheverAssertionTheBrokeredContextHolds() {
    assertThat(UpstreamEvidence.proof(Map.of(OIDCIdentityProvider.VALIDATED_ID_TOKEN,
        idToken(Map.of("amr", List.of("mfa")))), DEFAULTS)).contains("amr=mfa");
    assertThat(UpstreamEvidence.proof(Map.of(SAMLEndpoint.SAML_AUTHN_STATEMENT,
        authnStatement(MULTIPLE_AUTHN)), DEFAULTS)).isPresent();
    assertThat(UpstreamEvidence.proof(Map.of("amr", List.of("mfa")), DEFAULTS)).isEmpty();
  }

  @Test
  void nothingIsAcceptedWhenTheTenantListsNothing() {
    var none = new UpstreamEvidence.Accepted(Set.of(), Set.of(), Set.of());
    assertThat(UpstreamEvidence.proof(idToken(Map.of("amr", List.of("mfa"))), none)).isEmpty();
  }

  @Test
  void multivaluedSettingsSplitOnKeycloaksDelimiter() {
    assertThat(UpstreamEvidence.values("mfa##hwk## ##otp")).containsExactlyInAnyOrder("mfa", "hwk",
        "otp");
    assertThat(UpstreamEvidence.values(null)).isEmpty();
    assertThat(UpstreamEvidence.values("  ")).isEmpty();
  }

  private static JsonWebToken idToken(Map<String, Object> claims) {
    JsonWebToken token = new JsonWebToken();
    claims.forEach(token::setOtherClaims);
    return token;
  }

  private static AuthnStatementType authnStatement(String classRef) {
    AuthnStatementType statement = new AuthnStatementType(null);
    AuthnContextType context = new AuthnContextType();
    var sequence = new AuthnContextType.AuthnContextTypeSequence();
    sequence.setClassRef(new AuthnContextClassRefType(URI.create(classRef)));
    context.setSequence(sequence);
    statement.setAuthnContext(context);
    return statement;
  }
}
