package dev.palisade.invitation;

import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;

/** {@code POST …/invitations}, checked before anything is looked up or created. */
record InvitationRequest(String email, String firstName, String lastName, String role) {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_TEXT = 255;

  static InvitationRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    String email = text(body, "email", true).toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw ApiError.badRequest("invalid_email", "email is not an email address");
    }
    String role = text(body, "role", true);
    if (!PermissionCatalogue.BASE_ROLES.contains(role)) {
      throw ApiError.badRequest("invalid_role", "role must be one of "
          + PermissionCatalogue.BASE_ROLES);
    }
    return new InvitationRequest(email, text(body, "firstName", false),
        text(body, "lastName", false), role);
  }

  private static String text(JsonNode object, String field, boolean required) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
      if (required) {
        throw ApiError.badRequest("'" + field + "' is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().length() > MAX_TEXT
        || !PathValues.isStorable(value.asText())) {
      throw ApiError.badRequest("'" + field + "' must be a string of at most " + MAX_TEXT
          + " characters, without control characters");
    }
    return value.asText().trim();
  }
}
