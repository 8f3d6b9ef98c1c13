package dev.palisade.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.util.JsonSerialization;

class RequestFieldsTest {

  @Test
  void aTextIsTrimmed() throws Exception {
    assertThat(RequestFields.text(json("{\"name\":\"  Ann \"}"), "name", true)).isEqualTo("Ann");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"name\":null}", "{\"name\":\"  \"}"})
  void anOptionalFieldMayBeAbsentOrBlank(String body) throws Exception {
    assertThat(RequestFields.text(json(body), "name", false)).isNull();
  }

  @Test
  void aRequiredFieldIsNamedWhenMissing() {
    assertThatThrownBy(() -> RequestFields.text(json("{}"), "name", true))
        .isInstanceOfSatisfying(WebApplicationException.class, e -> {
          assertThat(e.getResponse().getStatus()).isEqualTo(400);
          assertThat(e.getResponse().getEntity()).asString().contains("'name' is required");
        });
  }

  /** An object's or array's text is empty: it is a wrong type, not an absent field. */
  @ParameterizedTest
  @ValueSource(strings = {"{\"name\":{}}", "{\"name\":[]}", "{\"name\":42}",
      "{\"name\":true}", "{\"name\":\"a\\u0000b\"}", "{\"name\":\"a\\nb\"}"})
  void anythingButAStorableStringIs400(String body) {
    for (boolean required : new boolean[] {true, false}) {
      assertThatThrownBy(() -> RequestFields.text(json(body), "name", required))
          .isInstanceOfSatisfying(WebApplicationException.class,
              e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }
  }

  @Test
  void aTextHoldsAtMost255Characters() throws Exception {
    String longest = "a".repeat(RequestFields.MAX_TEXT);
    assertThat(RequestFields.text(json("{\"name\":\"" + longest + "\"}"), "name", true))
        .isEqualTo(longest);
    assertThatThrownBy(() -> RequestFields.text(json("{\"name\":\"" + longest + "a\"}"), "name",
        true)).isInstanceOf(WebApplicationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ann@acme.test", "a.b+c@mail.acme.test"})
  void emailsWithADomainPass(String email) {
    assertThat(RequestFields.isEmail(email)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ann", "ann@acme", "ann@@acme.test", "an n@acme.test", "@acme.test"})
  void otherEmailsDoNot(String email) {
    assertThat(RequestFields.isEmail(email)).isFalse();
  }

  private static JsonNode json(String text) throws Exception {
    return JsonSerialization.mapper.readTree(text);
  }
}
