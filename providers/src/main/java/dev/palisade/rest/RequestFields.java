package dev.palisade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.utils.EmailValidationUtil;

/** Fields of a JSON request body, checked alike by every endpoint that takes them. */
public final class RequestFields {

  /** The longest text a field may hold: Keycloak's user and realm columns hold 255. */
  public static final int MAX_TEXT = 255;

  private RequestFields() {
  }

  /**
   * {@code field} of {@code object}, trimmed; null when absent, null or blank and not
   * {@code required}.
   *
   * @throws jakarta.ws.rs.WebApplicationException 400 when required and missing, or not a
   *     storable string of at most {@link #MAX_TEXT} characters
   */
  public static String text(JsonNode object, String field, boolean required) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
      if (required) {
        throw ApiError.badRequest("'" + field + "' is required");
      }
      return null;
    }
    if (!isText(value)) {
      throw ApiError.badRequest("'" + field + "' must be a string of at most " + MAX_TEXT
          + " characters, without control characters");
    }
    return value.asText().trim();
  }

  /** Whether {@code value} is a string of at most {@link #MAX_TEXT} storable characters. */
  public static boolean isText(JsonNode value) {
    return value.isTextual() && value.asText().length() <= MAX_TEXT
        && PathValues.isStorable(value.asText());
  }

  /**
   * Whether {@code value} is an address Keycloak's user profile accepts for {@code email} (its
   * own validator, at its default local-part limit) with a dot in the domain: these addresses
   * are sent mail, so a bare host name is a typo.
   */
  public static boolean isEmail(String value) {
    return EmailValidationUtil.isValidEmail(value, EmailValidationUtil.MAX_LOCAL_PART_LENGTH)
        && value.substring(value.lastIndexOf('@') + 1).contains(".");
  }
}
