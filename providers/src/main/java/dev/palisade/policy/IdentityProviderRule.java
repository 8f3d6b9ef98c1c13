package dev.palisade.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.mfa.PalisadeFlows;
import dev.palisade.mfa.UpstreamMfaMapper;
import org.keycloak.broker.provider.ConfigConstants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Identity providers and their mappers.
 * <ul>
 *   <li>A provider's first-broker-login flow is the realm's (empty) or Palisade's; its
 *       post-broker-login flow is Palisade's (left empty at creation, Palisade binds it).</li>
 *   <li>No mapper grants an administrative role or group ({@link AdministrativeRoles}).</li>
 *   <li>Which parties vouch for people is an Owner's decision: adding a provider, changing
 *       what decides whom an existing one vouches for (issuer, endpoints, keys, email trust)
 *       and Palisade's MFA-trust mapper. An Admin who repointed a trusted provider at an issuer
 *       of their own would sign in as everyone linked to it. An Owner's change of an existing
 *       provider is recorded with before and after.</li>
 * </ul>
 */
final class IdentityProviderRule implements AdminRule {

  static final String TRUST_CHANGED = "IDENTITY_PROVIDER_CHANGED";

  /** Configuration that decides whom the provider vouches for; none of it is a secret. */
  private static final Set<String> TRUST_CONFIG = Set.of(IdentityProviderModel.ISSUER,
      "authorizationUrl", "tokenUrl", "userInfoUrl", "jwksUrl", "logoutUrl",
      "tokenIntrospectionUrl", "useJwksUrl", "validateSignature", "publicKeySignatureVerifier",
      "publicKeySignatureVerifierKeyId", "singleSignOnServiceUrl", "singleLogoutServiceUrl",
      "signingCertificate", "idpEntityId", "metadataDescriptorUrl", "wantAssertionsSigned");
  private static final String TRUST_EMAIL = "trustEmail";
  private static final String INSTANCES = "instances";
  private static final String IDENTITY_PROVIDER = "identity-provider";

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    if (request.is("POST", IDENTITY_PROVIDER, INSTANCES)) {
      return Stream.concat(flows(request.body(), true), creation(request));
    }
    if (request.is("PUT", IDENTITY_PROVIDER, INSTANCES, "*")) {
      return Stream.concat(flows(request.body(), false), trust(request));
    }
    if (request.is("POST", IDENTITY_PROVIDER, INSTANCES, "*", "mappers")
        || request.is("PUT", IDENTITY_PROVIDER, INSTANCES, "*", "mappers", "*")) {
      return mapper(request, request.body());
    }
    if (request.is("DELETE", IDENTITY_PROVIDER, INSTANCES, "*", "mappers", "*")) {
      IdentityProviderMapperModel existing =
          request.session().identityProviders().getMapperById(request.segment(4));
      return existing == null ? Stream.empty()
          : mfaTrust(request, existing.getIdentityProviderMapper());
    }
    if (request.is("POST", "partialImport")) {
      return Stream.concat(
          AdminRequest.elements(request.field("identityProviders"))
              .flatMap(provider -> flows(provider, true)),
          AdminRequest.elements(request.field("identityProviderMappers"))
              .flatMap(mapper -> mapper(request, mapper)));
    }
    return Stream.empty();
  }

  private static Stream<Refusal> flows(JsonNode provider, boolean creating) {
    String firstBroker = provider.path(LockedFlows.IDP_FIRST_BROKER).asText("");
    String postBroker = provider.path(LockedFlows.IDP_POST_BROKER).asText("");
    boolean firstOk = firstBroker.isEmpty() || PalisadeFlows.FIRST_BROKER_LOGIN.equals(firstBroker);
    boolean postOk = creating && postBroker.isEmpty()
        || PalisadeFlows.POST_BROKER_LOGIN.equals(postBroker);
    return firstOk && postOk ? Stream.empty()
        : Stream.of(new Refusal(LockedSetting.FLOW_BINDINGS, "an identity provider signs people"
            + " in through '" + PalisadeFlows.FIRST_BROKER_LOGIN + "' (or the realm's) and '"
            + PalisadeFlows.POST_BROKER_LOGIN + "'"));
  }

  /** A new provider is a new party vouching for people: the same decision as repointing one. */
  private static Stream<Refusal> creation(AdminRequest request) {
    return request.caller().isOwnerOrOperator(request.realm()) ? Stream.empty()
        : Stream.of(new Refusal(LockedSetting.IDENTITY_PROVIDER_TRUST,
            "only an owner or an operator adds an identity provider"));
  }

  private static Stream<Refusal> trust(AdminRequest request) {
    KeycloakSession session = request.session();
    IdentityProviderModel current = session.identityProviders().getByAlias(request.segment(2));
    if (current == null) {
      return Stream.empty();
    }
    Map<String, Object> before = new LinkedHashMap<>();
    Map<String, Object> after = new LinkedHashMap<>();
    JsonNode body = request.body();
    for (String key : TRUST_CONFIG) {
      compare(key, blankToNull(current.getConfig().get(key)),
          blankToNull(body.path("config").path(key).asText(null)), before, after);
    }
    compare(TRUST_EMAIL, Boolean.toString(Boolean.TRUE.equals(current.isTrustEmail())),
        Boolean.toString(body.path(TRUST_EMAIL).asBoolean(false)), before, after);
    if (before.isEmpty()) {
      return Stream.empty();
    }
    if (!request.caller().isOwnerOrOperator(request.realm())) {
      return Stream.of(new Refusal(LockedSetting.IDENTITY_PROVIDER_TRUST, "only an owner or an"
          + " operator changes an identity provider's issuer, endpoints, keys or trust"));
    }
    // Allowed: recorded here, on the request's transaction, while the old values are known.
    AuditTrail.record(session, request.realm(), AuditTrail.actor(request.caller().user()),
        TRUST_CHANGED, new AuditRecord.Target("identity-provider", current.getAlias()),
        "success", Map.of("before", before, "after", after));
    return Stream.empty();
  }

  private static Stream<Refusal> mapper(AdminRequest request, JsonNode mapper) {
    RealmModel realm = request.realm();
    JsonNode config = mapper.path("config");
    RoleModel role = config.path(ConfigConstants.ROLE).isTextual()
        ? KeycloakModelUtils.getRoleFromString(request.session(), realm,
            config.path(ConfigConstants.ROLE).asText())
        : null;
    GroupModel group = config.path(ConfigConstants.GROUP).isTextual()
        ? KeycloakModelUtils.findGroupByPath(request.session(), realm,
            config.path(ConfigConstants.GROUP).asText())
        : null;
    if (role != null && AdministrativeRoles.isAdministrative(realm, role)
        || group != null && AdministrativeRoles.isAdministrative(realm, group)) {
      return Stream.of(new Refusal(LockedSetting.IDP_ROLE_MAPPERS, "identity-provider mappers"
          + " never grant owner, realm-management roles, or a role or group holding one"));
    }
    return mfaTrust(request, mapper.path("identityProviderMapper").asText());
  }

  /** Adding, changing or removing Palisade's MFA-trust mapper: an Owner's decision either way. */
  private static Stream<Refusal> mfaTrust(AdminRequest request, String mapperType) {
    return UpstreamMfaMapper.ID.equals(mapperType)
        && !request.caller().isOwnerOrOperator(request.realm())
        ? Stream.of(new Refusal(LockedSetting.IDENTITY_PROVIDER_TRUST,
            "only an owner or an operator decides whether to trust an identity provider's MFA"))
        : Stream.empty();
  }

  private static void compare(String key, String was, String now, Map<String, Object> before,
      Map<String, Object> after) {
    if (!Objects.equals(was, now)) {
      before.put(key, was);
      after.put(key, now);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
