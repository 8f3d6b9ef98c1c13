package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

class RealmSettingsRuleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"browserFlow\":\"browser\"}",
      "{\"directGrantFlow\":\"direct grant\"}",
      "{\"resetCredentialsFlow\":\"reset credentials\"}",
      "{\"firstBrokerLoginFlow\":\"first broker login\"}",
      "{\"bruteForceProtected\":false}",
      "{\"failureFactor\":0}",
      "{\"failureFactor\":1000000}",
      "{\"waitIncrementSeconds\":0}",
      "{\"maxFailureWaitSeconds\":1}",
      "{\"webAuthnPolicyPasswordlessUserVerificationRequirement\":\"discouraged\"}",
      "{\"otpPolicyDigits\":4}",
      "{\"otpPolicyPeriod\":3600}",
      "{\"otpPolicyLookAheadWindow\":1000000}",
      "{\"otpPolicyCodeReusable\":true}",
      "{\"attributes\":{}}",
      "{\"attributes\":{\"palisade.tenant.plan\":\"msp\"}}",
      "{\"attributes\":{\"palisade.tenant.plan\":\"free\",\"palisade.x\":\"1\"}}"})
  void refusesARealmUpdateThatWeakensALockedSetting(String body) throws Exception {
    assertThat(check(body)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"displayName\":\"Acme\",\"browserFlow\":\"palisade browser\"}",
      "{\"bruteForceProtected\":true,\"failureFactor\":5,\"waitIncrementSeconds\":60}",
      "{\"permanentLockout\":true,\"waitIncrementSeconds\":0}",
      "{\"webAuthnPolicyPasswordlessUserVerificationRequirement\":\"required\"}",
      "{\"otpPolicyDigits\":6,\"otpPolicyPeriod\":30,\"otpPolicyLookAheadWindow\":1}",
      "{\"attributes\":{\"palisade.tenant.plan\":\"free\",\"frontendUrl\":\"\"}}"})
  void letsThroughWhatKeepsTheLockedValues(String body) throws Exception {
    assertThat(check(body)).isEmpty();
  }

  @Test
  void onlyLooksAtTheRealmItself() throws Exception {
    AdminRequest clients = new AdminRequest(mock(KeycloakSession.class), mock(RealmModel.class),
        null, "PUT", List.of("clients", "x"), JSON.readTree("{\"browserFlow\":\"browser\"}"));
    assertThat(new RealmSettingsRule().check(clients)).isEmpty();
  }

  private static List<Refusal> check(String body) throws Exception {
    RealmModel tenant = mock(RealmModel.class);
    when(tenant.getAttributes()).thenReturn(Map.of("palisade.tenant.plan", "free"));
    AdminRequest request = new AdminRequest(mock(KeycloakSession.class), tenant, null, "PUT",
        List.of(), JSON.readTree(body));
    return new RealmSettingsRule().check(request).toList();
  }
}
