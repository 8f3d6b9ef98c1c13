package dev.palisade.audit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.palisade.audit.store.AnchorMismatch;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Makes a refused checkpoint loud: the chain of a realm no longer extends its last signed
 * checkpoint, which only a change behind Palisade's back can cause. Every refusal counts in
 * the meter and the log; the operator's trail (master) gets one record per finding and node,
 * not one per sealer run, so a finding does not flood the trail that reports it.
 */
public final class AnchorMismatchReport {

  private static final Logger LOG = Logger.getLogger(AnchorMismatchReport.class);
  private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

  private AnchorMismatchReport() {
  }

  /** Reports {@code mismatch} in the chain of realm {@code realmId}, on transactions of its own. */
  public static void report(KeycloakSessionFactory factory, String realmId,
      AnchorMismatch mismatch) {
    String realmName = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
      RealmModel realm = session.realms().getRealm(realmId);
      return realm == null ? realmId : realm.getName();
    });
    AuditMeters.anchorMismatch(realmName);
    LOG.errorf("Audit chain of realm %s does not extend its signed checkpoint at %d (first bad"
        + " position %d): no checkpoint is signed over it. Run a full verification.",
        realmName, mismatch.anchorSeq(), mismatch.firstBadSeq());
    if (!RECORDED.add(realmId + ":" + mismatch.anchorSeq() + ":" + mismatch.firstBadSeq())) {
      return;
    }
    KeycloakModelUtils.runJobInTransaction(factory, session -> {
      RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
      AuditTrail.record(session, master, AuditRecord.Actor.SYSTEM, "AUDIT_ANCHOR_MISMATCH",
          new AuditRecord.Target("realm", realmId), "failure:anchor_mismatch",
          Map.of("realm", realmName, "anchorSeq", String.valueOf(mismatch.anchorSeq()),
              "firstBadSeq", String.valueOf(mismatch.firstBadSeq())));
    });
  }
}
