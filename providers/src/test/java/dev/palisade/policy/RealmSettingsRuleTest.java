package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;

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
      "{\"webAuthnPolicyPasswordlessUserVerificationRequirement\":\"discouraged\"}"})
  void refusesARealmUpdateThatWeakensALockedSetting(String body) throws Exception {
    assertThat(check(body)).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"displayName\":\"Acme\",\"browserFlow\":\"palisade browser\"}",
      "{\"bruteForceProtected\":true,\"failureFactor\":5,\"waitIncrementSeconds\":60}",
      "{\"permanentLockout\":true,\"waitIncrementSeconds\":0}",
      "{\"webAuthnPolicyPasswordlessUserVerificationRequirement\":\"required\"}"})
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
    AdminRequest request = new AdminRequest(mock(KeycloakSession.class),
        mock(RealmModel.class), null, "PUT", List.of(), JSON.readTree(body));
    return new RealmSettingsRule().check(request).toList();
  }
}
