package dev.palisade.permissions;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.rest.ApiError;

/** A JSON array of permission names in a request body, each one known to {@code known}. */
final class PermissionNames {

  private PermissionNames() {
  }

  /**
   * The names, sorted; {@code 400 invalid_request} unless {@code array} is an array of
   * strings, {@code 400 unknown_permission} for a name that is not known.
   *
   * @param field the field's name in the body, for the error
   * @param unknown what an unknown name is, for the error ("not in this tenant's catalogue")
   */
  static Set<String> read(JsonNode array, String field, Predicate<String> known,
      String unknown) {
    if (array == null || !array.isArray()) {
      throw ApiError.badRequest("'" + field + "' must be an array of permission names");
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode name : array) {
      if (!name.isTextual()) {
        throw ApiError.badRequest("'" + field + "' must be an array of permission names");
      }
      if (!known.test(name.asText())) {
        throw ApiError.badRequest("unknown_permission", unknown + ": " + name.asText());
      }
      names.add(name.asText());
    }
    return names;
  }
}
