package dev.palisade.audit.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditRecord;

/**
 * Makes a record storable whatever its values: every text fits its column, truncated with a
 * visible {@link #MARKER}, and holds nothing a database refuses. Much of a record is chosen by
 * whoever sends the request (a user agent, a typed username, a query filter), and a value the
 * insert refuses would not only lose the record: Keycloak writes a failed sign-in's record before
 * it counts the failure, so the refusal would also skip the brute-force count.
 *
 * <p>Applied once, where records enter the store, never when they are read back: the chain hashes
 * the stored row, and re-bounding on the way out would let two different stored values (a
 * replacement character and a control character put there behind Palisade's back) hash alike.
 */
public final class StoredValues {

  /** Ends every shortened value, so a reader knows the value went on. */
  public static final String MARKER = "…[truncated]";

  /** Stands in for a character no database should be asked to store. */
  static final char REPLACEMENT = '\uFFFD';

  /** Longest string kept as a value inside {@code details}. */
  static final int DETAIL_VALUE_LENGTH = 1024;
  /** Longest key inside {@code details}. */
  static final int DETAIL_KEY_LENGTH = 128;
  /** Deepest object or array nesting kept inside {@code details}. */
  static final int DETAIL_DEPTH = 16;
  /** Most entries kept of one object or array inside {@code details}. */
  static final int DETAIL_ITEMS = 1000;
  /** Longest {@code details} document, in characters of its JSON. */
  static final int DETAILS_LENGTH = 256 * 1024;
  /** The entry that counts the entries left out of an object that had too many. */
  static final String OMITTED_ENTRIES = "_truncated";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredValues() {
  }

  /** {@code record} with every value bounded; values that already fit come back unchanged. */
  public static AuditRecord bound(AuditRecord record) {
    AuditRecord.Actor actor = record.actor() == null ? null : new AuditRecord.Actor(
        text(record.actor().type(), AuditEventEntity.ACTOR_TYPE_LENGTH),
        text(record.actor().id(), AuditEventEntity.NAME_LENGTH),
        text(record.actor().username(), AuditEventEntity.NAME_LENGTH));
    AuditRecord.Target target = record.target() == null ? null : new AuditRecord.Target(
        text(record.target().type(), AuditEventEntity.TARGET_TYPE_LENGTH),
        text(record.target().id(), AuditEventEntity.NAME_LENGTH));
    return new AuditRecord(id(record.id()), record.time(), record.realmId(),
        text(record.realm(), AuditEventEntity.NAME_LENGTH), actor,
        text(record.action(), AuditEventEntity.NAME_LENGTH), target,
        text(record.outcome(), AuditEventEntity.NAME_LENGTH),
        text(record.ip(), AuditEventEntity.NAME_LENGTH),
        text(record.userAgent(), AuditEventEntity.USER_AGENT_LENGTH),
        details(record.details()));
  }

  /**
   * {@code value} storable in a column of {@code maxLength} characters: control characters
   * (other than tab, line feed and carriage return) and lone surrogates replaced, and cut to fit
   * with the marker at its end. PostgreSQL counts a varchar's length in code points, H2 in UTF-16
   * units; a string of at most {@code maxLength} UTF-16 units fits both, and the cut never
   * separates the two halves of a character outside the BMP (an emoji).
   */
  public static String text(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    String clean = clean(value);
    if (clean.length() <= maxLength) {
      return clean;
    }
    int cut = maxLength - MARKER.length();
    if (cut > 0 && Character.isHighSurrogate(clean.charAt(cut - 1))) {
      cut--;
    }
    return clean.substring(0, Math.max(cut, 0)) + MARKER;
  }

  /**
   * {@code value} without the characters a database refuses (PostgreSQL refuses NUL in any
   * text) or cannot encode (a lone surrogate is not UTF-8), nor other control characters,
   * which only ever reach a record to confuse whoever reads it.
   */
  public static String clean(String value) {
    StringBuilder cleaned = null;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean keep;
      if (Character.isHighSurrogate(c)) {
        keep = i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1));
        if (keep) {
          if (cleaned != null) {
            cleaned.append(c).append(value.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else if (Character.isLowSurrogate(c)) {
        keep = false;
      } else {
        keep = !Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r';
      }
      if (!keep && cleaned == null) {
        cleaned = new StringBuilder(length).append(value, 0, i);
      }
      if (cleaned != null) {
        cleaned.append(keep ? c : REPLACEMENT);
      }
    }
    return cleaned == null ? value : cleaned.toString();
  }

  /** Keycloak's event ids and Palisade's are UUIDs; anything else gets a UUID of its own. */
  private static String id(String id) {
    return id != null && id.length() <= AuditEventEntity.ID_LENGTH && clean(id).equals(id)
        ? id : UUID.randomUUID().toString();
  }

  /**
   * The details bounded at every level, then as a whole: a document still too long keeps its
   * top-level entries in order while they fit, and the values of the others become the marker.
   * It stays a JSON object with the same top-level keys, so a reader still sees what was there.
   */
  static Map<String, Object> details(Map<String, Object> details) {
    if (details == null) {
      return null;
    }
    Map<String, Object> bounded = object(details, 1);
    if (length(bounded) <= DETAILS_LENGTH) {
      return bounded;
    }
    String marker = json(MARKER);
    // Every entry at least as its marker: DETAIL_ITEMS keys of DETAIL_KEY_LENGTH characters
    // and their markers take far less than DETAILS_LENGTH.
    long used = 2;
    Map<String, String> keys = new LinkedHashMap<>();
    for (String key : bounded.keySet()) {
      keys.put(key, json(key));
      used += keys.get(key).length() + 1 + marker.length() + 1;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : bounded.entrySet()) {
      String value = json(entry.getValue());
      if (used - marker.length() + value.length() <= DETAILS_LENGTH) {
        used += value.length() - marker.length();
        kept.put(entry.getKey(), entry.getValue());
      } else {
        kept.put(entry.getKey(), MARKER);
      }
    }
    return kept;
  }

  private static Object value(Object value, int depth) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof CharSequence text) {
      return text(text.toString(), DETAIL_VALUE_LENGTH);
    }
    if (value instanceof Map<?, ?> map) {
      return depth >= DETAIL_DEPTH ? MARKER : object(map, depth + 1);
    }
    if (value instanceof Collection<?> collection) {
      return depth >= DETAIL_DEPTH ? MARKER : array(collection, depth + 1);
    }
    if (value instanceof Object[] array) {
      return depth >= DETAIL_DEPTH ? MARKER : array(Arrays.asList(array), depth + 1);
    }
    if (value instanceof Character character) {
      return text(character.toString(), DETAIL_VALUE_LENGTH);
    }
    // Anything else (an enum, a bean) as Jackson would write it, bounded the same; what Jackson
    // cannot write (an Instant, without its module) as its text rather than no record at all.
    Object converted;
    try {
      converted = JSON.convertValue(value, Object.class);
    } catch (IllegalArgumentException e) {
      converted = String.valueOf(value);
    }
    return value(converted, depth);
  }

  private static Map<String, Object> object(Map<?, ?> map, int depth) {
    Map<String, Object> bounded = new LinkedHashMap<>();
    int omitted = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (bounded.size() == DETAIL_ITEMS) {
        omitted++;
        continue;
      }
      String key = text(String.valueOf(entry.getKey()), DETAIL_KEY_LENGTH);
      bounded.putIfAbsent(key, value(entry.getValue(), depth));
    }
    if (omitted > 0) {
      bounded.put(OMITTED_ENTRIES, omitted);
    }
    return bounded;
  }

  private static List<Object> array(Collection<?> collection, int depth) {
    List<Object> bounded = new ArrayList<>(Math.min(collection.size(), DETAIL_ITEMS + 1));
    for (Object item : collection) {
      if (bounded.size() == DETAIL_ITEMS) {
        bounded.add(MARKER);
        break;
      }
      bounded.add(value(item, depth));
    }
    return bounded;
  }

  private static long length(Object value) {
    return json(value).length();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be serialised", e);
    }
  }
}
