package dev.palisade.permissions;

import dev.palisade.rest.ApiError;

/**
 * One page of the members list as {@code ?first=&max=&search=} asks for it: {@code first}
 * from 0, {@code max} from 1 and capped, a bounded search text.
 */
record MemberPage(int first, int max, String search) {

  static final int DEFAULT_MAX = 20;
  static final int MAX = 100;
  private static final int MAX_SEARCH = 255;

  static MemberPage parse(String first, String max, String search) {
    int from = number("first", first, 0);
    int size = number("max", max, DEFAULT_MAX);
    if (from < 0) {
      throw ApiError.badRequest("'first' must be 0 or more");
    }
    if (size < 1) {
      throw ApiError.badRequest("'max' must be 1 or more");
    }
    if (search != null && search.length() > MAX_SEARCH) {
      throw ApiError.badRequest("'search' has at most " + MAX_SEARCH + " characters");
    }
    return new MemberPage(from, Math.min(size, MAX),
        search == null || search.isBlank() ? null : search.trim());
  }

  private static int number(String name, String value, int absent) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + name + "' must be a whole number");
    }
  }
}
