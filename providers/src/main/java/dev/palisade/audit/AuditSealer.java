package dev.palisade.audit;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.palisade.audit.store.AnchorMismatch;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStore.ChainPosition;
import dev.palisade.audit.store.CheckpointStore;
import dev.palisade.audit.store.KeyProtection;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Chains waiting records, realm by realm, each batch in a transaction of its own, then signs
 * the checkpoints that are due. Runs on a timer on every node; the per-realm head lock in the
 * database lets one node at a time seal a realm, so nodes never fork a chain and request
 * threads never wait for a sealer.
 */
final class AuditSealer implements Runnable {

  private static final Logger LOG = Logger.getLogger(AuditSealer.class);
  private static final long CHECKPOINT_SCAN_MILLIS = 10_000;

  private final KeycloakSessionFactory factory;
  private final AuditConfig config;
  private final KeyProtection keyProtection;
  private final CheckpointSchedule schedule;
  private long nextCheckpointScan;

  AuditSealer(KeycloakSessionFactory factory, AuditConfig config, KeyProtection keyProtection) {
    this.factory = factory;
    this.config = config;
    this.keyProtection = keyProtection;
    this.schedule = CheckpointSchedule.of(config);
  }

  @Override
  public void run() {
    try {
      List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> store(session).realmsWithPending());
      realms.forEach(this::sealRealm);
      if (System.currentTimeMillis() >= nextCheckpointScan) {
        // Realms that went quiet with records past their newest checkpoint: found by a scan
        // that runs far less often than sealing, since it reads every realm's head.
        nextCheckpointScan = System.currentTimeMillis() + Math.min(CHECKPOINT_SCAN_MILLIS,
            config.checkpointInterval().toMillis());
        Set<String> quiet = new LinkedHashSet<>(KeycloakModelUtils.runJobInTransactionWithResult(
            factory, session -> store(session).realmsPastTheirCheckpoint()));
        realms.forEach(quiet::remove);
        quiet.forEach(this::checkpointIfDue);
      }
    } catch (RuntimeException | LinkageError e) {
      // The records stay queued and the next run tries again; nothing is lost. A class missing
      // from a broken deployment is caught too: thrown out of this task it would end Keycloak's
      // shared timer thread, and every other timer task of the server with it.
      LOG.warnf(e, "audit sealing failed; retrying on the next run");
    }
  }

  /**
   * Seals the realm's queue batch by batch, signing each checkpoint as it falls due: a long
   * backlog then gets one every {@code checkpoint-every} records, each re-hashing only the
   * records since the one before, instead of one at its end re-hashing all of them under the
   * realm's head lock.
   */
  private void sealRealm(String realmId) {
    int sealed;
    do {
      sealed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> store(session).sealPending(realmId, config.sealBatchSize(),
              System.currentTimeMillis()));
      checkpointIfDue(realmId);
    } while (sealed == config.sealBatchSize());
  }

  private void checkpointIfDue(String realmId) {
    try {
      KeycloakModelUtils.runJobInTransaction(factory, session -> {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
          return;
        }
        AuditStore store = store(session);
        CheckpointStore checkpoints =
            new CheckpointStore(AuditStore.entityManager(session), keyProtection);
        ChainPosition head = store.head(realmId);
        Instant now = Instant.now();
        // The newest trusted checkpoint, not the newest row: a row written behind Palisade's
        // back must not be able to put the next checkpoint off (one naming a trusted key with a
        // signature it never made is reported as a mismatch right here).
        if (!schedule.due(head.seq(), checkpoints.anchor(realmId, Long.MAX_VALUE), now)) {
          return;
        }
        if (schedule.keyRotationDue(checkpoints.keys().activeKey(realmId).createdAt(), now)) {
          checkpoints.keys().rotate(realmId);
        }
        store.checkpointAt(realmId, realm.getName(), head, keyProtection);
      });
    } catch (AnchorMismatch mismatch) {
      AnchorMismatchReport.report(factory, realmId, mismatch);
    }
  }

  private static AuditStore store(KeycloakSession session) {
    return AuditStore.of(session);
  }
}
