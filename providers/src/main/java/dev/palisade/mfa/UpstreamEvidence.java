package dev.palisade.mfa;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.saml.SAMLEndpoint;
import org.keycloak.dom.saml.v2.assertion.AuthnContextClassRefType;
import org.keycloak.dom.saml.v2.assertion.AuthnContextType;
import org.keycloak.dom.saml.v2.assertion.AuthnStatementType;
import org.keycloak.models.Constants;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * Reads, from what an identity provider sent and Keycloak already validated, whether the person
 * passed a second factor there: an OIDC ID token's {@code amr} or {@code acr} claim, or a SAML
 * assertion's {@code AuthnContextClassRef}. A value counts only if the tenant listed it.
 */
final class UpstreamEvidence {

  /** The values a tenant accepts as proof of MFA, by where they appear. */
  record Accepted(Set<String> amr, Set<String> acr, Set<String> authnContextClassRefs) {
  }

  private UpstreamEvidence() {
  }

  /**
   * The first accepted value found in the brokered context, as {@code claim=value} for the audit
   * trail, or empty when the assertion proves no second factor the tenant accepts.
   */
  static Optional<String> proof(Map<String, Object> brokeredContextData, Accepted accepted) {
    Object idToken = brokeredContextData.get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
    if (idToken instanceof JsonWebToken token) {
      return proof(token, accepted);
    }
    Object authn = brokeredContextData.get(SAMLEndpoint.SAML_AUTHN_STATEMENT);
    if (authn instanceof AuthnStatementType statement) {
      return proof(statement, accepted);
    }
    return Optional.empty();
  }

  static Optional<String> proof(JsonWebToken idToken, Accepted accepted) {
    Optional<String> amr = amr(idToken).filter(accepted.amr()::contains).findFirst()
        .map(value -> "amr=" + value);
    return amr.or(() -> acr(idToken).filter(accepted.acr()::contains).map(value -> "acr=" + value));
  }

  static Optional<String> proof(AuthnStatementType statement, Accepted accepted) {
    return Optional.ofNullable(statement.getAuthnContext())
        .map(AuthnContextType::getSequence)
        .map(AuthnContextType.AuthnContextTypeSequence::getClassRef)
        .map(AuthnContextClassRefType::getValue)
        .map(Object::toString)
        .filter(accepted.authnContextClassRefs()::contains)
        .map(value -> "AuthnContextClassRef=" + value);
  }

  /** RFC 8176 says {@code amr} is an array; a provider sending a lone string is read as one. */
  private static Stream<String> amr(JsonWebToken idToken) {
    Object amr = idToken.getOtherClaims().get("amr");
    if (amr instanceof Collection<?> values) {
      return values.stream().map(String::valueOf);
    }
    return amr instanceof String value ? Stream.of(value) : Stream.empty();
  }

  private static Optional<String> acr(JsonWebToken idToken) {
    Object acr = idToken instanceof IDToken token && token.getAcr() != null
        ? token.getAcr() : idToken.getOtherClaims().get("acr");
    return acr instanceof String value ? Optional.of(value) : Optional.empty();
  }

  /** Splits a multivalued mapper setting, which Keycloak stores joined by {@code ##}. */
  static Set<String> values(String setting) {
    if (setting == null || setting.isBlank()) {
      return Set.of();
    }
    return Constants.CFG_DELIMITER_PATTERN.splitAsStream(setting).map(String::trim)
        .filter(value -> !value.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }
}
