package dev.palisade.audit.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.StoredValues;

/** Validates the audit API's query parameters; anything wrong is an {@link InvalidQueryException}. */
final class QueryParameters {

  static final int DEFAULT_MAX = 100;
  /** Larger pages would let one call hold a large part of a trail in server memory. */
  static final int MAX_PAGE = 1000;

  /** The longest value a filtered column holds. */
  static final int MAX_FILTER_LENGTH = 255;
  private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

  private QueryParameters() {
  }

  static AuditQuery parse(String realmId, String from, String to, String actor, String action,
      String target, String outcome, String first, String max) {
    Optional<Instant> fromInstant = instant("from", from);
    Optional<Instant> toInstant = instant("to", to);
    if (fromInstant.isPresent() && toInstant.isPresent()
        && fromInstant.get().isAfter(toInstant.get())) {
      throw new InvalidQueryException("'from' is after 'to'");
    }
    int firstIndex = integer("first", first, 0);
    if (firstIndex < 0) {
      throw new InvalidQueryException("'first' must be 0 or more");
    }
    int maxResults = integer("max", max, DEFAULT_MAX);
    if (maxResults < 1 || maxResults > MAX_PAGE) {
      throw new InvalidQueryException("'max' must be between 1 and " + MAX_PAGE);
    }
    return new AuditQuery(realmId, fromInstant, toInstant, text("actor", actor),
        text("action", action), text("target", target), text("outcome", outcome), firstIndex,
        maxResults);
  }

  /** The filters and paging of a query as the audit record of the read shows them. */
  static Map<String, Object> describe(AuditQuery query) {
    Map<String, Object> filters = describeFilters(query);
    filters.put("first", String.valueOf(query.first()));
    filters.put("max", String.valueOf(query.max()));
    return filters;
  }

  /** The filters of a query, without paging (exports have none). */
  static Map<String, Object> describeFilters(AuditQuery query) {
    Map<String, Object> filters = new TreeMap<>();
    query.from().ifPresent(v -> filters.put("from", v.toString()));
    query.to().ifPresent(v -> filters.put("to", v.toString()));
    query.actor().ifPresent(v -> filters.put("actor", v));
    query.action().ifPresent(v -> filters.put("action", v));
    query.target().ifPresent(v -> filters.put("target", v));
    query.outcome().ifPresent(v -> filters.put("outcome", v));
    return filters;
  }

  private static Optional<Instant> instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidQueryException("'" + name + "' must be an ISO-8601 instant such as"
          + " 2026-01-31T23:59:59Z");
    }
    // Records keep epoch milliseconds: an instant beyond them (year 292278994) cannot be compared.
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new InvalidQueryException("'" + name + "' must lie between " + EARLIEST + " and "
          + LATEST);
    }
    return Optional.of(instant);
  }

  private static int integer(String name, String value, int defaultValue) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidQueryException("'" + name + "' must be a whole number");
    }
  }

  /**
   * A filter compared with stored values: no stored value is longer than its column or holds a
   * control character (StoredValues replaces them), so such a filter can match nothing, and on
   * PostgreSQL a NUL in it would even fail the query.
   */
  private static Optional<String> text(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.length() > MAX_FILTER_LENGTH) {
      throw new InvalidQueryException("'" + name + "' is longer than " + MAX_FILTER_LENGTH
          + " characters");
    }
    if (!StoredValues.clean(value).equals(value)) {
      throw new InvalidQueryException("'" + name
          + "' holds a control character or half a surrogate pair");
    }
    return Optional.of(value);
  }
}
