package dev.palisade.benchmark.events;

import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Raises {@code count} events for {@code user} in the realm, each in a transaction of its own
 * as a request would: even ones are successful sign-ins sent from a job transaction (as a
 * request's own transaction sends them), odd ones failed sign-ins, which Keycloak itself sends
 * in a separate transaction. Every listener of the realm, global ones included, receives them.
 */
public final class EventSource {

  private final KeycloakSession session;

  EventSource(KeycloakSession session) {
    this.session = session;
  }

  // A @Path is what makes Quarkus index this jar's resources at all (keycloak#26835).
  @POST
  @Path("")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> raise(@QueryParam("count") int count,
      @QueryParam("user") String user) {
    String realmId = session.getContext().getRealm().getId();
    ClientConnection connection = session.getContext().getConnection();
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), job ->
            signIn(job, job.realms().getRealm(realmId), connection, user).success());
      } else {
        signIn(session, session.getContext().getRealm(), connection, user)
            .error(Errors.INVALID_USER_CREDENTIALS);
      }
    }
    return Map.of("raised", count);
  }

  private static EventBuilder signIn(KeycloakSession session, RealmModel realm,
      ClientConnection connection, String user) {
    return new EventBuilder(realm, session, connection).event(EventType.LOGIN)
        .client("palisade-benchmark").user(user).detail("username", "benchmark")
        .detail("auth_method", "openid-connect");
  }
}
