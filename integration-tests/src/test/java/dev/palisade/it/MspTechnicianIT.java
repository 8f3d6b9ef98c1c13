package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.palisade.testing.OidcBroker;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supported way for MSP technicians to span tenants (docs/tenants.md): they live in the
 * MSP's own tenant, each customer tenant brokers the MSP tenant as an identity provider it
 * trusts for MFA, and each customer gives the technician's linked user a role of its own.
 */
@ExtendWith(PalisadeServer.class)
class MspTechnicianIT {

  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String SECRET = "msp-broker-secret-for-tests";

  @Test
  void aTechnicianGetsInACustomerTenantOnlyTheRoleThatCustomerGave(PalisadeServer server) {
    Tenants tenants = new Tenants(server);
    try (TestRealm msp = tenants.provision(Tenants.freshName("msp"), "msp");
        TestRealm customer = tenants.provision(Tenants.freshName("cust"), "teams")) {
      OidcBroker.upstreamClient(server, msp, customer.name(), SECRET, "[\"pwd\",\"otp\",\"mfa\"]");
      OidcBroker.identityProvider(server, customer, msp, "msp", customer.name(), SECRET, true);
      customer.createPublicClient("app");
      var tech = msp.createMember("tessa", PASSWORD, "owner");

      Map<String, Object> first = claims(signInThroughMsp(server, customer, tech));
      assertThat(first).containsEntry("tenant", customer.name()).doesNotContainKey("role")
          .containsEntry("permissions", List.of());

      String linked = customer.resource().users().search("tessa").get(0).getId();
      customer.resource().users().get(linked).roles().realmLevel()
          .add(List.of(customer.resource().roles().get("editor").toRepresentation()));
      Map<String, Object> afterGrant = claims(signInThroughMsp(server, customer, tech));

      assertThat(afterGrant).containsEntry("tenant", customer.name())
          .containsEntry("role", "editor")
          .containsEntry("permissions", List.of("documents.read", "documents.write",
              "members.read"));
    }
  }

  /** The technician signs in at the MSP (password and code); no local factor at the customer. */
  private static String signInThroughMsp(PalisadeServer server, TestRealm customer,
      TestRealm.TotpUser tech) {
    var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, customer, "app",
        Map.of("kc_idp_hint", "msp")), "tessa", PASSWORD, tech.totp());
    return (String) driver.exchangeCode().get("access_token");
  }

  private static Map<String, Object> claims(String accessToken) {
    return OidcLoginDriver.claims(accessToken);
  }
}
