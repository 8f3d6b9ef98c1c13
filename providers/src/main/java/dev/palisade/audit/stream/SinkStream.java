package dev.palisade.audit.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.KeyProtection;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers the sealed trail to one sink, realm by realm in chain order, from the position the
 * sink last had acknowledged. Runs on a thread of its own on every node (never Keycloak's shared
 * timer thread: a receiver that hangs must not hold up the sealer); the sink's lease lets one
 * node at a time deliver. Every database step is a short transaction of its own, and no
 * connection is held while the receiver is sent to. Failures are retried with a doubling,
 * capped delay; the position only moves once the receiver acknowledged, so nothing is skipped.
 */
final class SinkStream {

  private static final Logger LOG = Logger.getLogger(SinkStream.class);

  private final String sink;
  private final AuditSink target;
  private final StreamOptions options;
  private final KeycloakSessionFactory factory;
  private final KeyProtection protection;
  private final SinkSigner signer;
  private final SinkMeters meters;
  private final String owner = nodeName() + "/" + UUID.randomUUID();
  private final ScheduledExecutorService executor;
  private int failures;
  private boolean owning;

  private SinkStream(String sink, AuditSink target, StreamOptions options,
      KeycloakSessionFactory factory, KeyProtection protection) {
    this.sink = sink;
    this.target = target;
    this.options = options;
    this.factory = factory;
    this.protection = protection;
    this.signer = new SinkSigner(factory, protection);
    this.meters = new SinkMeters(sink);
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "palisade-audit-sink-" + sink);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts streaming to {@code target}; the caller {@link #stop}s it with the server. */
  static SinkStream start(String sink, AuditSink target, StreamOptions options,
      KeycloakSessionFactory factory, KeyProtection protection) {
    SinkStream stream = new SinkStream(sink, target, options, factory, protection);
    stream.executor.execute(stream::run);
    return stream;
  }

  /** Stops delivering and hands the lease back, so that another node takes over at once. */
  void stop() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
      inTransaction(store -> {
        store.releaseLease(sink, owner);
        return null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The server is going down; the lease then runs out on its own.
      LOG.debugf(e, "audit sink %s: lease not handed back", sink);
    }
  }

  private void run() {
    long delay = options.intervalMillis();
    try {
      StreamStore.Backlog backlog = inTransaction(store -> store.backlog(sink));
      meters.lag(backlog.lagRecords());
      if (holdLease()) {
        deliver(backlog.realms());
        if (failures > 0) {
          LOG.infof("Audit sink %s delivers again after %d failed attempts", sink, failures);
        }
        failures = 0;
      }
    } catch (IOException | RuntimeException e) {
      failures++;
      meters.failed();
      delay = options.retryDelay(failures);
      LOG.warnf("Audit sink %s (%s): delivery failed, attempt %d, retrying in %d ms: %s", sink,
          target.destination(), failures, delay, e.toString());
    }
    if (!executor.isShutdown()) {
      executor.schedule(this::run, delay, TimeUnit.MILLISECONDS);
    }
  }

  private boolean holdLease() {
    long now = System.currentTimeMillis();
    boolean held = inTransaction(store -> store.takeLease(sink, owner, now,
        now + options.leaseMillis()));
    if (held != owning) {
      LOG.infof(held ? "Audit sink %s: this node delivers (%s)" : "Audit sink %s: another node"
          + " delivers now (%s)", sink, owner);
      owning = held;
    }
    return held;
  }

  /**
   * One batch per realm in turn, again while any realm had a full batch: a tenant with a long
   * backlog does not hold back the others.
   */
  private void deliver(List<String> realms) throws IOException {
    boolean more = true;
    while (more) {
      more = false;
      for (String realmId : realms) {
        SinkBatch.Content content = inTransaction(
            store -> store.undelivered(sink, realmId, options.batchSize()));
        if (content.isEmpty()) {
          continue;
        }
        SinkBatch batch = new SinkBatch(realmId, content.records(), content.checkpoints(),
            payload -> signer.signDetached(realmId, payload));
        target.deliver(batch);
        meters.delivered(batch.size());
        long until = System.currentTimeMillis() + options.leaseMillis();
        boolean stillOwner = inTransaction(store -> store.advance(sink, owner, until, realmId,
            content.upToSeq(), content.checkpointSeq(0)));
        if (!stillOwner) {
          // Another node took the sink over while this one was sending; what was just sent may
          // reach the receiver twice, which at-least-once delivery allows.
          owning = false;
          LOG.infof("Audit sink %s: lease lost while delivering; another node goes on", sink);
          return;
        }
        more |= content.records().size() == options.batchSize();
      }
    }
  }

  private <T> T inTransaction(Function<StreamStore, T> work) {
    return KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
        work.apply(new StreamStore(AuditStore.entityManager(session), protection)));
  }

  private static String nodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "node";
    }
  }
}
