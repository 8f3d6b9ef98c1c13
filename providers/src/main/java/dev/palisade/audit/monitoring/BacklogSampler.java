package dev.palisade.audit.monitoring;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.palisade.audit.store.AuditStore;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Reads the sealing backlog and the checkpoint times from the database every few seconds into
 * {@link AuditBacklog}. It runs on a thread of its own rather than on Keycloak's timer, which
 * the sealer shares: a sealer stuck on a lock must not also freeze the readings that show it.
 */
public final class BacklogSampler implements Runnable, AutoCloseable {

  /** Often enough for alerts and probes; each reading is two aggregate queries. */
  public static final long INTERVAL_MILLIS = 5_000;

  private static final Logger LOG = Logger.getLogger(BacklogSampler.class);

  private final KeycloakSessionFactory factory;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      task -> {
        Thread daemon = new Thread(task, "palisade-audit-backlog-sampler");
        daemon.setDaemon(true);
        return daemon;
      });

  private BacklogSampler(KeycloakSessionFactory factory) {
    this.factory = factory;
  }

  /** Samples every {@link #INTERVAL_MILLIS} until closed. */
  public static BacklogSampler start(KeycloakSessionFactory factory) {
    BacklogSampler sampler = new BacklogSampler(factory);
    sampler.thread.scheduleWithFixedDelay(sampler, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return sampler;
  }

  @Override
  public void run() {
    try {
      KeycloakModelUtils.runJobInTransaction(factory, BacklogSampler::sample);
    } catch (RuntimeException e) {
      // The previous reading ages; past the bound, readiness reports the sampling as stalled.
      LOG.warnf(e, "reading the audit sealing backlog failed; retrying in %d ms",
          INTERVAL_MILLIS);
    }
  }

  private static void sample(KeycloakSession session) {
    long now = System.currentTimeMillis();
    EntityManager em = AuditStore.entityManager(session);
    Object[] backlog = em.createQuery(
            "select count(p), min(p.time) from AuditPendingEntity p", Object[].class)
        .getSingleResult();
    List<Object[]> checkpoints = em.createQuery(
            "select c.realmId, max(c.signedAt) from AuditCheckpointEntity c group by c.realmId",
            Object[].class)
        .getResultList();
    Map<String, Long> checkpointTimes = new HashMap<>();
    for (Object[] row : checkpoints) {
      RealmModel realm = session.realms().getRealm((String) row[0]);
      if (realm != null) {
        checkpointTimes.put(realm.getName(), Instant.parse((String) row[1]).toEpochMilli());
      }
    }
    AuditBacklog.update(
        new AuditBacklog.Sample(now, ((Number) backlog[0]).longValue(), (Long) backlog[1]),
        checkpointTimes);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
