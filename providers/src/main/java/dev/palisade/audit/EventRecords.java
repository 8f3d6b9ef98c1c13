package dev.palisade.audit;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Turns Keycloak's user and admin events into audit records, redacted. */
final class EventRecords {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ERROR_SUFFIX = "_ERROR";
  /** Marks a minimal record, and says why it is one. */
  static final String INCOMPLETE = "incomplete";
  static final String INCOMPLETE_REASON =
      "the full record could not be built or stored; the server log says why";
  /** Events of a flow that verifies credentials: their records say which factors were used. */
  private static final Set<EventType> SIGN_IN_EVENTS = Set.of(EventType.LOGIN,
      EventType.LOGIN_ERROR, EventType.RESET_PASSWORD, EventType.RESET_PASSWORD_ERROR);

  private EventRecords() {
  }

  static AuditRecord fromUserEvent(KeycloakSession session, Event event) {
    Map<String, Object> details = Redaction.details(event.getDetails());
    putIfPresent(details, "sessionId", event.getSessionId());
    putIfPresent(details, "clientId", event.getClientId());
    String username = event.getDetails() == null ? null : event.getDetails().get("username");
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    UserModel user = findUser(session, realm, event.getUserId());
    if (SIGN_IN_EVENTS.contains(event.getType())) {
      putSignInFactors(session, user, event, details);
    }
    AuditRecord.Actor actor = event.getUserId() != null
        ? userActor(user, event.getUserId(), username)
        : username != null ? new AuditRecord.Actor("user", null, username)
        : event.getClientId() != null ? new AuditRecord.Actor("client", event.getClientId(), null)
        : new AuditRecord.Actor("anonymous", null, null);
    return new AuditRecord(idOf(event.getId()), event.getTime(), event.getRealmId(),
        realmName(realm, event.getRealmName()), actor, action(event), targetOf(event),
        outcome(event.getError()), event.getIpAddress(), AuditTrail.userAgent(session), details);
  }

  /**
   * What the event itself says, with nothing looked up, parsed or taken from the request: the
   * record kept when the full one cannot be built or stored, so that the event is not lost.
   */
  static AuditRecord minimal(Event event) {
    AuditRecord.Actor actor = event.getUserId() != null
        ? new AuditRecord.Actor("user", event.getUserId(), null)
        : event.getClientId() != null ? new AuditRecord.Actor("client", event.getClientId(), null)
        : new AuditRecord.Actor("anonymous", null, null);
    Map<String, Object> details = new TreeMap<>(Map.of(INCOMPLETE, INCOMPLETE_REASON));
    putIfPresent(details, "clientId", event.getClientId());
    return new AuditRecord(idOf(event.getId()), event.getTime(), event.getRealmId(),
        event.getRealmName(), actor, action(event), targetOf(event), outcome(event.getError()),
        event.getIpAddress(), null, details);
  }

  /** A user event is about its user, or else about its client. */
  private static AuditRecord.Target targetOf(Event event) {
    return event.getUserId() != null ? new AuditRecord.Target("user", event.getUserId())
        : new AuditRecord.Target("client", event.getClientId());
  }

  private static String action(Event event) {
    String type = event.getType().name();
    return type.endsWith(ERROR_SUFFIX)
        ? type.substring(0, type.length() - ERROR_SUFFIX.length()) : type;
  }

  /**
   * What a sign-in used, which Keycloak's events do not name. A success says which credential
   * types it proved ({@code factors}, e.g. password and otp: Keycloak sends successes inside the
   * request, with the authentication session at hand). A failure says which credential the
   * person had picked ({@code factor}, e.g. otp after a wrong code): Keycloak sends failures from
   * a session of their own, so only the picked credential's id is left to resolve.
   */
  private static void putSignInFactors(KeycloakSession session, UserModel user, Event event,
      Map<String, Object> details) {
    if (event.getError() == null) {
      AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
      List<String> used = authSession == null ? List.of()
          : AuthenticatorUtil.getAuthnCredentials(authSession);
      if (!used.isEmpty()) {
        details.put("factors", used);
      }
      return;
    }
    String picked = event.getDetails() == null ? null
        : event.getDetails().get(Details.SELECTED_CREDENTIAL_ID);
    CredentialModel credential = picked == null || user == null ? null
        : user.credentialManager().getStoredCredentialById(picked);
    if (credential != null) {
      details.put("factor", credential.getType());
    }
  }

  static AuditRecord fromAdminEvent(KeycloakSession session, AdminEvent event) {
    Map<String, Object> details = event.getDetails() == null
        ? new TreeMap<>() : Redaction.details(event.getDetails());
    putIfPresent(details, "resourcePath", event.getResourcePath());
    if (event.getRepresentation() != null) {
      details.put("representation", Redaction.representation(parse(event.getRepresentation())));
    }
    AuthDetails auth = event.getAuthDetails();
    AuditRecord.Actor actor = actorOf(session, auth);
    putIfPresent(details, "clientId", auth == null ? null : auth.getClientId());
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    return new AuditRecord(idOf(event.getId()), event.getTime(), event.getRealmId(),
        realmName(realm, event.getRealmName()), actor,
        event.getResourceTypeAsString() + "_" + event.getOperationType(),
        new AuditRecord.Target(event.getResourceTypeAsString().toLowerCase(Locale.ROOT),
            targetId(event)),
        outcome(event.getError()), auth == null ? null : auth.getIpAddress(),
        AuditTrail.userAgent(session), details);
  }

  /** The admin event's minimal record: see {@link #minimal(Event)}. */
  static AuditRecord minimal(AdminEvent event) {
    AuthDetails auth = event.getAuthDetails();
    AuditRecord.Actor actor = auth == null ? AuditRecord.Actor.SYSTEM
        : auth.getUserId() != null ? new AuditRecord.Actor("user", auth.getUserId(), null)
        : new AuditRecord.Actor("client", auth.getClientId(), null);
    Map<String, Object> details = new TreeMap<>(Map.of(INCOMPLETE, INCOMPLETE_REASON));
    putIfPresent(details, "resourcePath", event.getResourcePath());
    return new AuditRecord(idOf(event.getId()), event.getTime(), event.getRealmId(),
        event.getRealmName(), actor,
        event.getResourceTypeAsString() + "_" + event.getOperationType(),
        new AuditRecord.Target(String.valueOf(event.getResourceTypeAsString())
            .toLowerCase(Locale.ROOT), targetId(event)),
        outcome(event.getError()), auth == null ? null : auth.getIpAddress(), null, details);
  }

  private static AuditRecord.Actor actorOf(KeycloakSession session, AuthDetails auth) {
    if (auth == null) {
      return AuditRecord.Actor.SYSTEM;
    }
    if (auth.getUserId() != null) {
      return userActor(findUser(session, session.realms().getRealm(auth.getRealmId()),
          auth.getUserId()), auth.getUserId(), null);
    }
    return new AuditRecord.Actor("client", auth.getClientId(), null);
  }

  private static UserModel findUser(KeycloakSession session, RealmModel realm, String userId) {
    return realm == null || userId == null ? null : session.users().getUserById(realm, userId);
  }

  /** The actor {@code user}, or by id and name alone for a user that is gone. */
  private static AuditRecord.Actor userActor(UserModel user, String userId,
      String fallbackUsername) {
    return user == null ? new AuditRecord.Actor("user", userId, fallbackUsername)
        : AuditTrail.actor(user);
  }

  private static String targetId(AdminEvent event) {
    String path = event.getResourcePath();
    if (path == null || path.isEmpty()) {
      return null;
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static Object parse(String representation) {
    try {
      return JSON.readValue(representation, Object.class);
    } catch (IOException e) {
      // Not JSON, so no field names to sort into kept and withheld: keep nothing of it.
      return Map.of(Redaction.WITHHELD_FIELDS, List.of("unparseable representation"));
    }
  }

  private static String realmName(RealmModel realm, String eventRealmName) {
    return Optional.ofNullable(eventRealmName).orElse(realm == null ? null : realm.getName());
  }

  private static String outcome(String error) {
    return error == null ? "success" : "failure:" + error;
  }

  private static String idOf(String eventId) {
    return eventId != null ? eventId : UUID.randomUUID().toString();
  }

  private static void putIfPresent(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
