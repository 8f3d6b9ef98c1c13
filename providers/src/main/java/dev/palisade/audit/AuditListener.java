package dev.palisade.audit;

import java.sql.SQLException;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

import dev.palisade.audit.store.AuditStore;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Writes every user and admin event into the audit store. A successful action's record is
 * written on the session's own transaction: the record commits with the action it describes,
 * or neither does. Failures and lockouts are written on a transaction of the listener's own
 * (see {@link #onEvent(Event)}). Chaining happens later, off the request thread
 * ({@link AuditSealer}).
 */
final class AuditListener implements EventListenerProvider {

  private static final Logger LOG = Logger.getLogger(AuditListener.class);

  /** Events the brute-force protector raises on the transaction that locks the account. */
  private static final Set<EventType> LOCKOUTS = Set.of(
      EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT, EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT);

  private final KeycloakSession session;

  AuditListener(KeycloakSession session) {
    this.session = session;
  }

  /**
   * A failed attempt's record must never stand between the attempt and Keycloak's brute-force
   * protection. Keycloak raises the error event on a transaction it commits right away, before
   * it counts the failure: had the record been on that transaction, an insert that failed at
   * commit would have thrown into the sign-in and the failure would never have been counted.
   * The same holds for a lockout, raised on the transaction that disables the account. So
   * these records go on a transaction of their own, whose failure is caught here; and since the
   * trail must not lose the attempt either, a minimal record (no looked-up or free-text values)
   * is written in its place. Successes stay on the action's transaction: an action whose record
   * cannot be written does not happen (Palisade fails closed).
   */
  @Override
  public void onEvent(Event event) {
    Supplier<AuditRecord> minimal = () -> EventRecords.minimal(event);
    AuditRecord record = capture(() -> EventRecords.fromUserEvent(session, event), minimal);
    if (event.getError() != null || LOCKOUTS.contains(event.getType())) {
      appendApart(record, minimal);
    } else {
      AuditStore.of(session).append(record);
    }
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    AuditStore.of(session).append(capture(() -> EventRecords.fromAdminEvent(session, event),
        () -> EventRecords.minimal(event)));
  }

  /**
   * The full record, or the minimal one when building it fails: a lookup or a representation
   * that cannot be read must not cost the event its record, nor the action its outcome.
   */
  private static AuditRecord capture(Supplier<AuditRecord> full, Supplier<AuditRecord> minimal) {
    try {
      return full.get();
    } catch (RuntimeException e) {
      AuditRecord fallback = minimal.get();
      LOG.warnf("audit: the record of %s %s in realm %s could not be built (%s); keeping its"
          + " minimal form", fallback.action(), fallback.id(), fallback.realmId(), causes(e));
      return fallback;
    }
  }

  private void appendApart(AuditRecord record, Supplier<AuditRecord> minimal) {
    try {
      KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
          apart -> AuditStore.of(apart).append(record));
      return;
    } catch (RuntimeException e) {
      LOG.errorf("audit: the record of %s %s in realm %s could not be written (%s); writing its"
          + " minimal form", record.action(), record.id(), record.realmId(), causes(e));
    }
    try {
      AuditRecord fallback = minimal.get();
      KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
          apart -> AuditStore.of(apart).append(fallback));
    } catch (RuntimeException e) {
      LOG.errorf("audit: the record of %s %s in realm %s is lost (%s)", record.action(),
          record.id(), record.realmId(), causes(e));
    }
  }

  /**
   * The exception's kinds and SQL states, never its messages: a database's message quotes the
   * refused value, which may be what somebody typed into a username field (often a password).
   */
  static String causes(Throwable error) {
    StringJoiner chain = new StringJoiner(" <- ");
    for (Throwable cause = error; cause != null && chain.length() < 1000;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      chain.add(cause.getClass().getName() + (cause instanceof SQLException sql
          && sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : ""));
    }
    return chain.toString();
  }

  @Override
  public void close() {
    // The entity manager belongs to the session.
  }
}
