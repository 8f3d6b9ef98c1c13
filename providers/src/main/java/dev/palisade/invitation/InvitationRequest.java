package dev.palisade.invitation;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.permissions.PermissionCatalogue;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.RequestFields;

/** {@code POST …/invitations}, checked before anything is looked up or created. */
record InvitationRequest(String email, String firstName, String lastName, String role) {

  static InvitationRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    String email = RequestFields.text(body, "email", true).toLowerCase(Locale.ROOT);
    if (!RequestFields.isEmail(email)) {
      throw ApiError.badRequest("invalid_email", "email is not an email address");
    }
    String role = RequestFields.text(body, "role", true);
    if (!PermissionCatalogue.BASE_ROLES.contains(role)) {
      throw ApiError.badRequest("invalid_role", "role must be one of "
          + PermissionCatalogue.BASE_ROLES);
    }
    return new InvitationRequest(email, RequestFields.text(body, "firstName", false),
        RequestFields.text(body, "lastName", false), role);
  }
}
