package dev.palisade.audit;

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
    if (context == null || context.getRequestHeaders() == null) {
      return null;
    }
    return context.getRequestHeaders().getHeaderString("User-Agent");
  }

  /** The actor for a user acting in person or as a client's service account. */
  public static AuditRecord.Actor actor(UserModel user) {
    return new AuditRecord.Actor(
        user.getServiceAccountClientLink() != null ? "service-account" : "user",
        user.getId(), user.getUsername());
  }
}
