package dev.palisade.permissions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.rest.ApiError;

/**
 * A new catalogue as {@code PUT /permissions/catalogue} receives it, checked whole before
 * anything is written: the permission names with their descriptions, and the set of each of
 * the four base roles, naming only permissions of the new catalogue.
 *
 * @param permissions the catalogue, in the order given
 * @param roles every base role → its permissions, sorted
 */
record CatalogueChange(List<PermissionCatalogue.Entry> permissions,
    Map<String, Set<String>> roles) {

  /** Lower-case dotted names, as applications compare them: {@code documents.read}. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");
  private static final int MAX_NAME = 64;
  private static final int MAX_DESCRIPTION = 200;
  /** Every name travels in every token of a member who holds it: keep tokens small. */
  private static final int MAX_PERMISSIONS = 200;
  private static final String SHAPE = "the body must be {\"permissions\":[{\"name\":…,"
      + "\"description\":…}],\"roles\":{\"owner\":[…],\"admin\":[…],\"editor\":[…],"
      + "\"viewer\":[…]}}";

  static CatalogueChange parse(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("permissions").isArray()
        || !body.path("roles").isObject()) {
      throw ApiError.badRequest(SHAPE);
    }
    List<PermissionCatalogue.Entry> permissions = entries(body.get("permissions"));
    Set<String> names = new LinkedHashSet<>();
    permissions.forEach(entry -> names.add(entry.name()));
    return new CatalogueChange(permissions, roles(body.get("roles"), names));
  }

  private static List<PermissionCatalogue.Entry> entries(JsonNode array) {
    if (array.size() > MAX_PERMISSIONS) {
      throw ApiError.badRequest("at most " + MAX_PERMISSIONS + " permissions");
    }
    List<PermissionCatalogue.Entry> entries = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (JsonNode item : array) {
      JsonNode name = item.path("name");
      JsonNode description = item.path("description");
      if (!name.isTextual() || !(description.isMissingNode() || description.isTextual())) {
        throw ApiError.badRequest(SHAPE);
      }
      String text = name.asText();
      if (text.length() > MAX_NAME || !NAME.matcher(text).matches()) {
        throw ApiError.badRequest("invalid_permission_name", "a permission name is lower-case"
            + " words joined by dots, at most " + MAX_NAME + " characters: " + text);
      }
      if (!seen.add(text)) {
        throw ApiError.badRequest("duplicate_permission", "named twice: " + text);
      }
      if (description.asText("").length() > MAX_DESCRIPTION) {
        throw ApiError.badRequest("a description has at most " + MAX_DESCRIPTION
            + " characters: " + text);
      }
      entries.add(new PermissionCatalogue.Entry(text, description.asText("")));
    }
    return entries;
  }

  private static Map<String, Set<String>> roles(JsonNode object, Set<String> names) {
    Map<String, Set<String>> roles = new LinkedHashMap<>();
    for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
      String role = keys.next();
      if (!PermissionCatalogue.BASE_ROLES.contains(role)) {
        throw ApiError.badRequest("unknown_role", "not a base role: " + role
            + " (the base roles are " + PermissionCatalogue.BASE_ROLES + ")");
      }
    }
    for (String role : PermissionCatalogue.BASE_ROLES) {
      roles.put(role, PermissionNames.read(object.get(role), "roles." + role, names::contains,
          "roles." + role + " names a permission not in the catalogue"));
    }
    return roles;
  }
}
