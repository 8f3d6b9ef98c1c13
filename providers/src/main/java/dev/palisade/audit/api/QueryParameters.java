package dev.palisade.audit.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.palisade.audit.store.AuditQuery;

/** Validates the audit API's query parameters; anything wrong is an {@link InvalidQueryException}. */
final class QueryParameters {

  static final int DEFAULT_MAX = 100;
  /** Larger pages would let one call hold a large part of a trail in server memory. */
  static final int MAX_PAGE = 1000;

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
    return new AuditQuery(realmId, fromInstant, toInstant, text(actor), text(action),
        text(target), text(outcome), firstIndex, maxResults);
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
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new InvalidQueryException("'" + name + "' must be an ISO-8601 instant such as"
          + " 2026-01-31T23:59:59Z");
    }
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

  private static Optional<String> text(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
