package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Totp;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

/**
 * Sign-ins through an OIDC identity provider: another realm of the same Palisade server stands
 * in for Entra ID or Okta, and a hard-coded {@code amr} claim plays what those send after MFA.
 * A tenant needs its own second factor after the provider unless it marked the provider as
 * trusted for MFA (the {@code palisade-upstream-mfa} mapper) and the ID token proves MFA.
 */
@ExtendWith(PalisadeServer.class)
class BrokeredLoginIT {

  private static final String CLIENT = "broker-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String BROKER_SECRET = "upstream-broker-secret";
  /** Upstream clients: one whose ID tokens say MFA was done, one whose say password only. */
  private static final String SAYS_MFA = "says-mfa";
  private static final String SAYS_PASSWORD = "says-password";
  /** Tenant identity providers: trusted and told MFA, trusted and told password, untrusted. */
  private static final String TRUSTED = "trusted";
  private static final String TRUSTED_NO_PROOF = "trusted-no-proof";
  private static final String UNTRUSTED = "untrusted";

  private static PalisadeServer server;
  private static TestRealm upstream;
  private static TestRealm tenant;
  private static AuditApi audit;

  @BeforeAll
  static void createRealms(PalisadeServer palisade) {
    server = palisade;
    upstream = TestRealm.create(server);
    upstreamClient(SAYS_MFA, "[\"pwd\",\"otp\",\"mfa\"]");
    upstreamClient(SAYS_PASSWORD, "[\"pwd\"]");
    tenant = TestRealm.create(server);
    tenant.createPublicClient(CLIENT);
    identityProvider(TRUSTED, SAYS_MFA, true);
    identityProvider(TRUSTED_NO_PROOF, SAYS_PASSWORD, true);
    identityProvider(UNTRUSTED, SAYS_MFA, false);
    audit = new AuditApi(server);
  }

  @AfterAll
  static void deleteRealms() {
    tenant.close();
    upstream.close();
  }

  @Test
  void anIdentityProviderCreatedAfterStartUpGetsThePostBrokerLoginFlow() {
    for (String alias : List.of(TRUSTED, TRUSTED_NO_PROOF, UNTRUSTED)) {
      assertThat(tenant.resource().identityProviders().get(alias).toRepresentation()
          .getPostBrokerLoginFlowAlias()).isEqualTo("palisade post broker login");
    }
  }

  @Test
  void aTrustedProviderThatProvedMfaNeedsNoLocalFactor() {
    Totp upstreamApp = upstream.createUserWithTotp("grace", PASSWORD).totp();

    var first = signInThrough(TRUSTED, "grace", upstreamApp);
    assertThat(first.exchangeCode()).containsKey("access_token");
    var again = signInThrough(TRUSTED, "grace", upstreamApp);
    assertThat(again.exchangeCode()).containsKey("access_token");

    String userId = tenant.resource().users().search("grace").get(0).getId();
    var accepted = audit.awaitEvents(tenant.name(),
        Map.of("action", "MFA_UPSTREAM_ACCEPTED", "target", userId), list -> list.size() == 2);
    assertThat(AuditApi.object(accepted.get(0), "details"))
        .containsEntry("identityProvider", TRUSTED).containsEntry("proof", "amr=mfa");
  }

  @Test
  void aTrustedProviderThatProvedNoMfaStillNeedsALocalFactor() {
    Totp upstreamApp = upstream.createUserWithTotp("heidi", PASSWORD).totp();

    var driver = signInThrough(TRUSTED_NO_PROOF, "heidi", upstreamApp);

    assertThat(SecondFactorSteps.onFactorChoice(driver)).isTrue();
  }

  @Test
  void anUntrustedProviderNeedsALocalFactorEvenWhenItProvedMfa() {
    Totp upstreamApp = upstream.createUserWithTotp("ivan", PASSWORD).totp();

    var enrolling = signInThrough(UNTRUSTED, "ivan", upstreamApp);
    var enrolment = SecondFactorSteps.enrolAuthenticatorApp(enrolling);
    assertThat(enrolling.exchangeCode()).containsKey("access_token");

    var later = signInThrough(UNTRUSTED, "ivan", upstreamApp);
    assertThat(later.finished()).as("stopped for the local factor").isFalse();
    SecondFactorSteps.enterCode(later, enrolment.totp());
    assertThat(later.exchangeCode()).containsKey("access_token");
  }

  @Test
  void aWrongLocalCodeAfterAnUntrustedProviderIssuesNothing() {
    Totp upstreamApp = upstream.createUserWithTotp("judy", PASSWORD).totp();
    SecondFactorSteps.enrolAuthenticatorApp(signInThrough(UNTRUSTED, "judy", upstreamApp));

    var later = signInThrough(UNTRUSTED, "judy", upstreamApp);
    later.submit(Map.of("otp", "000000"));

    assertThat(later.finished()).isFalse();
    assertThat(later.errorMessage()).isNotEmpty();
  }

  /** Starts at the tenant, goes to the upstream realm, signs in there with password and code. */
  private static OidcLoginDriver signInThrough(String provider, String username, Totp upstreamApp) {
    var driver = OidcLoginDriver.begin(server, tenant, CLIENT, Map.of("kc_idp_hint", provider));
    return SecondFactorSteps.signIn(driver, username, PASSWORD, upstreamApp);
  }

  private static void upstreamClient(String clientId, String amrJson) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setEnabled(true);
    client.setPublicClient(false);
    client.setSecret(BROKER_SECRET);
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
   * The browser reaches the upstream realm at the server's published address; the tenant's
   * server-side calls (token, keys) stay inside the container.
   */
  private static void identityProvider(String alias, String upstreamClient, boolean trusted) {
    String published = server.baseUrl() + "/realms/" + upstream.name() + "/protocol/openid-connect";
    String internal = "http://localhost:8080/realms/" + upstream.name() + "/protocol/openid-connect";
    IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
    provider.setAlias(alias);
    provider.setProviderId("oidc");
    provider.setEnabled(true);
    provider.setConfig(new HashMap<>(Map.of(
        "clientId", upstreamClient,
        "clientSecret", BROKER_SECRET,
        "clientAuthMethod", "client_secret_post",
        "authorizationUrl", published + "/auth",
        "tokenUrl", internal + "/token",
        "jwksUrl", internal + "/certs",
        "useJwksUrl", "true",
        "validateSignature", "true",
        "defaultScope", "openid profile email",
        "syncMode", "IMPORT")));
    try (Response response = tenant.resource().identityProviders().create(provider)) {
      assertThat(response.getStatus()).isEqualTo(201);
    }
    if (trusted) {
      IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
      mapper.setName("trust MFA");
      mapper.setIdentityProviderAlias(alias);
      mapper.setIdentityProviderMapper("palisade-upstream-mfa");
      mapper.setConfig(Map.of("amr", "mfa", "syncMode", "INHERIT"));
      try (Response response = tenant.resource().identityProviders().get(alias).addMapper(mapper)) {
        assertThat(response.getStatus()).isEqualTo(201);
      }
    }
  }
}
