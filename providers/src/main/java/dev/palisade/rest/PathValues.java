package dev.palisade.rest;

/**
 * Ids and names taken from a request before they reach a database lookup. A value no entity
 * can have (a control character, or longer than any id or name column) is answered as "not
 * found" without asking: PostgreSQL fails the whole query on a NUL, which would be a 500.
 */
public final class PathValues {

  /** Longer than every id and name column Keycloak and Palisade look up by. */
  private static final int MAX_LENGTH = 255;

  private PathValues() {
  }

  public static boolean isStorable(String value) {
    return value != null && value.length() <= MAX_LENGTH
        && value.chars().noneMatch(Character::isISOControl);
  }
}
