package dev.palisade.audit.store;

import java.time.Instant;
import java.util.Optional;

/** Filters and paging of an audit query, already validated. */
public record AuditQuery(String realmId, Optional<Instant> from, Optional<Instant> to,
    Optional<String> actor, Optional<String> action, Optional<String> target,
    Optional<String> outcome, int first, int max) {
}
