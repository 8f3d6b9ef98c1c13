package dev.palisade.tenant;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Lays a plan overlay (a partial RealmRepresentation) over the tenant template: objects merge
 * field by field, arrays of named objects (roles, client scopes…) merge by {@code name}, and
 * other arrays gain the overlay's values they lack. An overlay can add to the template but
 * never silently drop what it holds; docs/tenants.md states the rule for template authors.
 */
final class TemplateMerge {

  private TemplateMerge() {
  }

  /** Merges {@code overlay} into {@code base}, in place; returns {@code base}. */
  static ObjectNode merge(ObjectNode base, JsonNode overlay) {
    Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = base.get(field.getKey());
      JsonNode incoming = field.getValue();
      if (existing instanceof ObjectNode object && incoming.isObject()) {
        merge(object, incoming);
      } else if (existing instanceof ArrayNode array && incoming.isArray()) {
        mergeArrays(array, incoming);
      } else {
        base.set(field.getKey(), incoming.deepCopy());
      }
    }
    return base;
  }

  private static void mergeArrays(ArrayNode base, JsonNode overlay) {
    for (JsonNode item : overlay) {
      JsonNode named = item.isObject() && item.has("name") ? byName(base, item.get("name")) : null;
      if (named instanceof ObjectNode object) {
        merge(object, item);
      } else if (!contains(base, item)) {
        base.add(item.deepCopy());
      }
    }
  }

  private static JsonNode byName(ArrayNode array, JsonNode name) {
    for (JsonNode item : array) {
      if (item.isObject() && name.equals(item.get("name"))) {
        return item;
      }
    }
    return null;
  }

  private static boolean contains(ArrayNode array, JsonNode value) {
    for (JsonNode item : array) {
      if (item.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
