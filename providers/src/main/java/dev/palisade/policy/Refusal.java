package dev.palisade.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.rest.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** A change the policy refuses, with the reason the caller reads in the error. */
public record Refusal(LockedSetting setting, String reason) {

  /** The audit action of every refusal; its outcome is {@code failure:<error>}. */
  public static final String ACTION = "POLICY_REFUSED";

  /** {@code 403 {"error":"locked_setting|owner_only|operator_only","error_description":…}}. */
  public WebApplicationException toException() {
    return ApiError.forbidden(setting.who().error(), reason);
  }

  /**
   * Records the refusal in {@code realm}'s trail on a transaction of its own: the refused
   * request writes nothing, so its own transaction would carry nothing to commit.
   *
   * @param actor who tried, or null where nobody is known (a sign-in in progress)
   */
  public void record(KeycloakSession session, RealmModel realm, UserModel actor,
      AuditRecord.Target target, Map<String, Object> more) {
    // Counted on /metrics too: a burst of refusals is someone probing the locks.
    Counter.builder("palisade.locked.setting.refusals")
        .description("Admin changes refused because the setting is locked or not the caller's")
        .tag("setting", setting.id())
        .register(Metrics.globalRegistry)
        .increment();
    Map<String, Object> details = new LinkedHashMap<>(more);
    details.put("setting", setting.id());
    details.put("reason", reason);
    AuditTrail.recordApart(session, realm,
        actor == null ? AuditRecord.Actor.SYSTEM : AuditTrail.actor(actor), ACTION, target,
        "failure:" + setting.who().error(), details);
  }
}
