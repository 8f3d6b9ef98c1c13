package dev.palisade.audit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.palisade.audit.store.AuditStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * How Palisade's own features record what they do (audit reads and exports today; MFA
 * enrolment, reset decisions, permission changes and tenant lifecycle as they arrive): one
 * record in the realm's trail, on the caller's transaction, with the request's IP address and
 * user agent. Details are stored as given: callers pass descriptions, never secrets.
 */
public final class AuditTrail {

  private AuditTrail() {
  }

  /** Records {@code action} on {@code target} in {@code realm}'s trail. */
  public static void record(KeycloakSession session, RealmModel realm, AuditRecord.Actor actor,
      String action, AuditRecord.Target target, String outcome, Map<String, Object> details) {
    AuditStore.of(session).append(
        recordOf(session, realm, actor, action, target, outcome, details));
  }

  /**
   * Records a refusal that the request is about to answer with an error: on a transaction of
   * its own, since the request's transaction rolls back and would take the record with it.
   */
  public static void recordApart(KeycloakSession session, RealmModel realm,
      AuditRecord.Actor actor, String action, AuditRecord.Target target, String outcome,
      Map<String, Object> details) {
    AuditRecord record = recordOf(session, realm, actor, action, target, outcome, details);
    KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
        apart -> AuditStore.of(apart).append(record));
  }

  private static AuditRecord recordOf(KeycloakSession session, RealmModel realm,
      AuditRecord.Actor actor, String action, AuditRecord.Target target, String outcome,
      Map<String, Object> details) {
    var connection = session.getContext().getConnection();
    return new AuditRecord(UUID.randomUUID().toString(), System.currentTimeMillis(),
        realm.getId(), realm.getName(), actor, action, target, outcome,
        connection == null ? null : connection.getRemoteAddr(), userAgent(session), details);
  }

  /** The user agent of the request {@code session} serves, if it serves one. */
  static String userAgent(KeycloakSession session) {
    var context = session.getContext();
    try {
      var headers = context == null ? null : context.getRequestHeaders();
      return headers == null ? null : asSent(headers.getHeaderString("User-Agent"));
    } catch (RuntimeException e) {
      // A session that serves no request (a timer, the brute-force protector's worker) has no
      // headers; Keycloak says so by throwing ContextNotActiveException.
      return null;
    }
  }

  /**
   * A header's text as the client wrote it. The server decodes header bytes as ISO-8859-1, so
   * a client that wrote UTF-8 (an emoji or a right-to-left name in its user agent) would be
   * recorded as mojibake; such a value is decoded again. Bytes that are no UTF-8 stay as they
   * came (the store then replaces the control characters among them).
   */
  static String asSent(String header) {
    if (header == null) {
      return null;
    }
    boolean ascii = true;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c > 0xFF) {
        return header;
      }
      ascii &= c < 0x80;
    }
    if (ascii) {
      return header;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
    } catch (CharacterCodingException e) {
      return header;
    }
  }

  /** The actor for a user acting in person or as a client's service account. */
  public static AuditRecord.Actor actor(UserModel user) {
    return new AuditRecord.Actor(
        user.getServiceAccountClientLink() != null ? "service-account" : "user",
        user.getId(), user.getUsername());
  }
}
