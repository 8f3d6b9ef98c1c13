package dev.palisade.audit;

import java.util.List;

import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.KeyProtection;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Chains waiting records, realm by realm, each batch in a transaction of its own. Runs on a
 * timer on every node; the per-realm head lock in the database lets one node at a time seal a
 * realm, so nodes never fork a chain and request threads never wait for a sealer.
 */
final class AuditSealer implements Runnable {

  private static final Logger LOG = Logger.getLogger(AuditSealer.class);

  private final KeycloakSessionFactory factory;
  private final AuditConfig config;
  private final KeyProtection keyProtection;

  AuditSealer(KeycloakSessionFactory factory, AuditConfig config, KeyProtection keyProtection) {
    this.factory = factory;
    this.config = config;
    this.keyProtection = keyProtection;
  }

  @Override
  public void run() {
    try {
      List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> store(session).realmsWithPending());
      realms.forEach(this::sealRealm);
    } catch (RuntimeException e) {
      // The records stay queued and the next run tries again; nothing is lost.
      LOG.warnf(e, "audit sealing failed; retrying on the next run");
    }
  }

  private void sealRealm(String realmId) {
    int sealed;
    do {
      sealed = KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> store(session).sealPending(realmId, config.sealBatchSize(),
              System.currentTimeMillis(), config.checkpointEvery(), keyProtection));
    } while (sealed == config.sealBatchSize());
  }

  private static AuditStore store(KeycloakSession session) {
    return AuditStore.of(session);
  }
}
