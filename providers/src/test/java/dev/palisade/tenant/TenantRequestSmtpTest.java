package dev.palisade.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

class TenantRequestSmtpTest {

  @Test
  void noSmtpObjectKeepsTheTemplatesSettings() throws Exception {
    assertThat(TenantRequest.smtp(null)).isEmpty();
    assertThat(TenantRequest.smtp(json("null"))).isEmpty();
  }

  @Test
  void smtpSettingsAreLaidOverTheTemplates() throws Exception {
    Map<String, String> smtp = TenantRequest.smtp(json(
        "{\"host\":\"mail.acme.test\",\"port\":\"2525\",\"auth\":\"false\"}"));

    RealmRepresentation realm = TenantTemplate.realm("acme", "Acme", "free", smtp);

    assertThat(realm.getSmtpServer()).containsEntry("host", "mail.acme.test")
        .containsEntry("port", "2525").containsEntry("auth", "false")
        .containsEntry("from", "no-reply@palisade.invalid");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"mail.acme.test\"",
      "{}",
      "{\"port\":\"25\"}",
      "{\"host\":\"\"}",
      "{\"host\":\"h\",\"port\":\"smtp\"}",
      "{\"host\":\"h\",\"port\":\"70000\"}",
      "{\"host\":\"h\",\"port\":25}",
      "{\"host\":\"h\",\"ssl\":\"yes\"}",
      "{\"host\":\"h\",\"debug\":\"true\"}",
      "{\"host\":\"h\",\"from\":{\"a\":1}}"})
  void badSmtpSettingsAre400(String smtp) throws Exception {
    assertThatThrownBy(() -> TenantRequest.smtp(json(smtp)))
        .isInstanceOfSatisfying(WebApplicationException.class, e -> {
          assertThat(e.getResponse().getStatus()).isEqualTo(400);
          assertThat(e.getResponse().getEntity()).asString().contains("invalid_smtp");
        });
  }

  private static JsonNode json(String text) throws Exception {
    return JsonSerialization.mapper.readTree(text);
  }
}
