package dev.palisade.audit;

import dev.palisade.audit.store.AuditStore;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * Writes every user and admin event into the audit store on the session's own transaction:
 * the record commits with the action it describes, or neither does. Keycloak sends error
 * events from a transaction of their own, so failed attempts are kept even though the action
 * rolled back. Chaining happens later, off the request thread ({@link AuditSealer}).
 */
final class AuditListener implements EventListenerProvider {

  private final KeycloakSession session;

  AuditListener(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(Event event) {
    store().append(EventRecords.fromUserEvent(session, event));
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    store().append(EventRecords.fromAdminEvent(session, event));
  }

  private AuditStore store() {
    return AuditStore.of(session);
  }

  @Override
  public void close() {
    // The entity manager belongs to the session.
  }
}
