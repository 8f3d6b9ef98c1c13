package dev.palisade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * One realm of the shared Palisade server as the OIDC identity provider of another: the
 * upstream client, and the downstream identity provider pointing at it. A hard-coded
 * {@code amr} claim on the upstream client plays what Entra ID or Okta send after MFA.
 */
public final class OidcBroker {

  private OidcBroker() {
  }

  /** A confidential client in {@code upstream} whose ID tokens say {@code amrJson}. */
  public static void upstreamClient(PalisadeServer server, TestRealm upstream, String clientId,
      String secret, String amrJson) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setEnabled(true);
    client.setPublicClient(false);
    client.setSecret(secret);
    client.setStandardFlowEnabled(true);
    client.setRedirectUris(List.of(server.baseUrl() + "/realms/*"));
    ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
    amr.setName("amr");
    amr.setProtocol("openid-connect");
    amr.setProtocolMapper("oidc-hardcoded-claim-mapper");
    amr.setConfig(Map.of("claim.name", "amr", "claim.value", amrJson, "jsonType.label", "JSON",
        "id.token.claim", "true", "access.token.claim", "false", "userinfo.token.claim", "false"));
    client.setProtocolMappers(List.of(amr));
    try (Response response = upstream.resource().clients().create(client)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }

  /**
   * Identity provider {@code alias} in {@code downstream} for {@code upstream}'s client; with
   * {@code trusted}, marked as trusted for MFA (the {@code palisade-upstream-mfa} mapper,
   * accepting {@code amr=mfa}). The browser reaches the upstream realm at the server's
   * published address; the downstream's server-side calls (token, keys) stay in the container.
   */
  public static void identityProvider(PalisadeServer server, TestRealm downstream,
      TestRealm upstream, String alias, String clientId, String secret, boolean trusted) {
    String endpoints = "/realms/" + upstream.name() + "/protocol/openid-connect";
    String published = server.baseUrl() + endpoints;
    String internal = "http://localhost:8080" + endpoints;
    IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
    provider.setAlias(alias);
    provider.setProviderId("oidc");
    provider.setEnabled(true);
    provider.setConfig(new HashMap<>(Map.of(
        "clientId", clientId,
        "clientSecret", secret,
        "clientAuthMethod", "client_secret_post",
        "authorizationUrl", published + "/auth",
        "tokenUrl", internal + "/token",
        "jwksUrl", internal + "/certs",
        "useJwksUrl", "true",
        "validateSignature", "true",
        "defaultScope", "openid profile email",
        "syncMode", "IMPORT")));
    try (Response response = downstream.resource().identityProviders().create(provider)) {
      assertThat(response.getStatus()).isEqualTo(201);
    }
    if (trusted) {
      IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
      mapper.setName("trust MFA");
      mapper.setIdentityProviderAlias(alias);
      mapper.setIdentityProviderMapper("palisade-upstream-mfa");
      mapper.setConfig(Map.of("amr", "mfa", "syncMode", "INHERIT"));
      try (Response response =
          downstream.resource().identityProviders().get(alias).addMapper(mapper)) {
        assertThat(response.getStatus()).isEqualTo(201);
      }
    }
  }
}
