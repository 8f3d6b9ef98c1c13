package dev.palisade.policy;

import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A write to {@code /admin/realms/{realm}/…} as the policy sees it before Keycloak acts on it:
 * the method, the path below the realm, and the JSON body (missing when there is none or it
 * does not parse; Keycloak then refuses the request itself).
 */
record AdminRequest(KeycloakSession session, RealmModel realm, AdminCaller caller,
    String method, List<String> path, JsonNode body) {

  /**
   * Whether this is {@code method} on a path of exactly {@code pattern}'s segments, where
   * {@code *} matches any one segment.
   */
  boolean is(String method, String... pattern) {
    if (!this.method.equals(method) || path.size() != pattern.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!"*".equals(pattern[i]) && !pattern[i].equals(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the path starts with {@code prefix}. */
  boolean under(String... prefix) {
    return path.size() >= prefix.length && path.subList(0, prefix.length).equals(List.of(prefix));
  }

  String segment(int index) {
    return path.get(index);
  }

  /** The body's field {@code name}, or a missing node. */
  JsonNode field(String name) {
    return body.path(name);
  }

  /** The elements of a JSON array; none for anything else. */
  static Stream<JsonNode> elements(JsonNode array) {
    return array.isArray() ? StreamSupport.stream(array.spliterator(), false) : Stream.empty();
  }

  static JsonNode noBody() {
    return MissingNode.getInstance();
  }
}
