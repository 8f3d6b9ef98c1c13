package dev.palisade.audit;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;

/**
 * Receives every user and admin event. Until the tamper-evident store exists it only traces
 * that an event arrived; it deliberately logs identifiers and types, never event details or
 * admin representations, which may carry secrets.
 */
final class AuditListener implements EventListenerProvider {

  private static final Logger LOG = Logger.getLogger("palisade.audit");

  @Override
  public void onEvent(Event event) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf("user event realm=%s type=%s outcome=%s client=%s",
          event.getRealmId(), event.getType(), outcome(event.getError()), event.getClientId());
    }
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf("admin event realm=%s operation=%s resource=%s outcome=%s",
          event.getRealmId(), event.getOperationType(), event.getResourceTypeAsString(),
          outcome(event.getError()));
    }
  }

  private static String outcome(String error) {
    return error == null ? "success" : "failure:" + error;
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
