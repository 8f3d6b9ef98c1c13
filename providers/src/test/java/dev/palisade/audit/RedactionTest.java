package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Nested
  class UserEventDetails {

    @Test
    void keepsKnownDescriptiveDetails() {
      assertThat(Redaction.details(Map.of("username", "alice", "auth_method", "openid-connect")))
          .containsEntry("username", "alice")
          .containsEntry("auth_method", "openid-connect");
    }

    @Test
    void withholdsTheValueOfAnyDetailNotKnownToBeSafe() {
      assertThat(Redaction.details(Map.of("new_fancy_detail", "value")))
          .containsEntry("new_fancy_detail", Redaction.WITHHELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_secret", "smtp_password", "refresh_token", "key_vault_ref"})
    void withholdsSecretLookingDetails(String name) {
      assertThat(Redaction.details(Map.of(name, "s3cr3t"))).containsEntry(name, Redaction.WITHHELD);
    }
  }

  @Nested
  class AdminRepresentations {

    @Test
    void dropsTheClientSecretAndSaysItDid() throws Exception {
      Object kept = Redaction.representation(JSON.readValue(
          "{\"clientId\":\"app\",\"secret\":\"s3cr3t-value\",\"enabled\":true}", Object.class));

      assertThat(JSON.writeValueAsString(kept)).doesNotContain("s3cr3t-value");
      assertThat(kept).isEqualTo(Map.of("clientId", "app", "enabled", true,
          Redaction.WITHHELD_FIELDS, List.of("secret")));
    }

    @Test
    void dropsCredentialValuesOfANewUser() throws Exception {
      Object kept = Redaction.representation(JSON.readValue("{\"username\":\"bob\","
          + "\"credentials\":[{\"type\":\"password\",\"value\":\"hunter2-hunter2\"}]}", Object.class));

      assertThat(JSON.writeValueAsString(kept)).doesNotContain("hunter2");
    }

    @Test
    void dropsAuthenticatorConfigValuesWhateverTheirKeys() throws Exception {
      // Keycloak #52730: authenticator configs carry secrets under free-form keys.
      Object kept = Redaction.representation(JSON.readValue(
          "{\"alias\":\"captcha\",\"config\":{\"site.key\":\"k\",\"secret\":\"captcha-secret\"}}",
          Object.class));

      assertThat(JSON.writeValueAsString(kept)).doesNotContain("captcha-secret");
    }

    @Test
    void keepsAttributeKeysButNotSecretLookingValues() throws Exception {
      Object kept = Redaction.representation(JSON.readValue("{\"attributes\":{"
          + "\"pkce.code.challenge.method\":\"S256\",\"smtp_password\":\"p4ss\","
          + "\"client.secret.rotated\":\"old-secret\",\"db_vault_ref\":\"${vault.x}\"}}",
          Object.class));

      String json = JSON.writeValueAsString(kept);
      assertThat(json).contains("S256").doesNotContain("p4ss", "old-secret", "vault.x");
    }

    @Test
    void recursesIntoListsOfObjects() throws Exception {
      Object kept = Redaction.representation(JSON.readValue(
          "[{\"name\":\"a\",\"clientSecret\":\"x1\"},{\"name\":\"b\",\"password\":\"x2\"}]",
          Object.class));

      assertThat(JSON.writeValueAsString(kept)).doesNotContain("x1", "x2").contains("\"a\"", "\"b\"");
    }
  }
}
