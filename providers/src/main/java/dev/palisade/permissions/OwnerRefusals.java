package dev.palisade.permissions;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A refused change to who is an Owner or to an Owner's account: the request's transaction is
 * rolled back, and the refusal recorded on a transaction of its own, since Keycloak raises no
 * event for an action that fails this way.
 */
final class OwnerRefusals {

  static final String ACTION = "OWNER_CHANGE_REFUSED";

  private OwnerRefusals() {
  }

  /**
   * @param actor who tried, or null for nobody known
   * @param change what was tried: {@code grant}, {@code revoke}, {@code delete}, {@code group}
   *     or {@code account}, with any {@code more} details
   */
  static void record(KeycloakSession session, RealmModel realm, UserModel actor,
      AuditRecord.Target target, String error, String change, Map<String, Object> more) {
    session.getTransactionManager().setRollbackOnly();
    Map<String, Object> details = new LinkedHashMap<>(more);
    details.put("change", change);
    AuditTrail.recordApart(session, realm,
        actor == null ? AuditRecord.Actor.SYSTEM : AuditTrail.actor(actor), ACTION, target,
        "failure:" + error, details);
  }
}
