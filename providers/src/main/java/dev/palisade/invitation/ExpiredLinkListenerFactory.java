package dev.palisade.invitation;

import dev.palisade.spi.GlobalEventListenerFactory;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Records an expired invitation link as refused. Keycloak checks a link's expiry itself, before
 * any handler runs, and reports it only as an event; this listener turns that event into the
 * invitation's own audit record. Global, so no realm's event settings can drop it.
 */
public final class ExpiredLinkListenerFactory implements GlobalEventListenerFactory {

  /** Listener id; global listeners are not listed in a realm's event configuration. */
  public static final String ID = "palisade-invitation-expiry";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new EventListenerProvider() {
      @Override
      public void onEvent(Event event) {
        if (event.getType() != EventType.EXECUTE_ACTION_TOKEN_ERROR
            || !Errors.EXPIRED_CODE.equals(event.getError()) || event.getDetails() == null
            || !InvitationToken.TOKEN_TYPE.equals(event.getDetails().get("action"))) {
          return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
          InvitationTokenHandler.record(session, realm, event.getUserId(), LinkCheck.EXPIRED);
        }
      }

      @Override
      public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Invitations raise no admin events.
      }

      @Override
      public void close() {
        // Nothing held.
      }
    };
  }

  @Override
  public String getId() {
    return ID;
  }
}
