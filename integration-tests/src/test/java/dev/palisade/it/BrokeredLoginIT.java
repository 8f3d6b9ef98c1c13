package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OidcBroker;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    OidcBroker.upstreamClient(server, upstream, SAYS_MFA, BROKER_SECRET,
        "[\"pwd\",\"otp\",\"mfa\"]");
    OidcBroker.upstreamClient(server, upstream, SAYS_PASSWORD, BROKER_SECRET, "[\"pwd\"]");
    tenant = TestRealm.create(server);
    tenant.createPublicClient(CLIENT);
    OidcBroker.identityProvider(server, tenant, upstream, TRUSTED, SAYS_MFA, BROKER_SECRET, true);
    OidcBroker.identityProvider(server, tenant, upstream, TRUSTED_NO_PROOF, SAYS_PASSWORD,
        BROKER_SECRET, true);
    OidcBroker.identityProvider(server, tenant, upstream, UNTRUSTED, SAYS_MFA, BROKER_SECRET,
        false);
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
}
