package dev.palisade.tenant;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;

/**
 * A provisioning request, checked before anything is created. Names become realm names and so
 * URL paths: lower-case letters, digits and hyphens, 3 to 40 characters, starting with a letter.
 */
record TenantRequest(String name, String displayName, String plan, Owner owner) {

  /** The first Owner of the tenant. */
  record Owner(String email, String firstName, String lastName) {
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,38}[a-z0-9]");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> RESERVED = Set.of("master", "admin", "realms", "resources",
      "js", "health", "metrics");
  private static final int MAX_TEXT = 255;

  static TenantRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    String name = text(body, "name", true);
    if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
      throw ApiError.badRequest("invalid_name", "a tenant name is 3-40 lower-case letters, digits"
          + " and hyphens, starting with a letter, and not a reserved word: " + name);
    }
    String plan = text(body, "plan", true);
    if (!TenantTemplate.PLANS.contains(plan)) {
      throw ApiError.badRequest("invalid_plan", "plan must be one of " + TenantTemplate.PLANS);
    }
    String displayName = text(body, "displayName", false);
    JsonNode owner = body.get("owner");
    if (owner == null || !owner.isObject()) {
      throw ApiError.badRequest("missing_owner", "owner {email, firstName, lastName} is required");
    }
    String email = text(owner, "email", true).toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw ApiError.badRequest("invalid_owner", "owner.email is not an email address");
    }
    return new TenantRequest(name, displayName == null ? name : displayName, plan,
        new Owner(email, text(owner, "firstName", true), text(owner, "lastName", true)));
  }

  private static String text(JsonNode object, String field, boolean required) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
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
