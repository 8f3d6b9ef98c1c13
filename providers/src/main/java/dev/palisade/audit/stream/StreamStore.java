package dev.palisade.audit.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.CheckpointStore;
import dev.palisade.audit.store.KeyProtection;
import jakarta.persistence.EntityManager;

/**
 * Reads and writes of the sinks' positions and leases, on the caller's (short) transaction.
 * The records themselves are read through {@link AuditStore}: the sealed chain is the outbox.
 */
final class StreamStore {

  private static final int CHECKPOINT_PAGE = 100;

  private final EntityManager em;
  private final KeyProtection protection;

  StreamStore(EntityManager em, KeyProtection protection) {
    this.em = em;
    this.protection = protection;
  }

  /**
   * Takes the sink's lease for {@code owner} until {@code until}, or renews it, unless another
   * node holds it and it has not run out at {@code now}.
   *
   * @return whether {@code owner} holds the lease now
   */
  boolean takeLease(String sink, String owner, long now, long until) {
    int taken = em.createQuery("update SinkLeaseEntity l set l.owner = :owner,"
            + " l.expiresAt = :until where l.sink = :sink"
            + " and (l.owner = :owner or l.expiresAt < :now)")
        .setParameter("owner", owner).setParameter("until", until)
        .setParameter("sink", sink).setParameter("now", now)
        .executeUpdate();
    if (taken == 1) {
      return true;
    }
    if (em.find(SinkLeaseEntity.class, sink) != null) {
      return false;
    }
    // First run of this sink anywhere. Two nodes racing here collide on the primary key; the
    // loser's transaction fails and it asks again on its next run.
    SinkLeaseEntity lease = new SinkLeaseEntity();
    lease.setSink(sink);
    lease.setOwner(owner);
    lease.setExpiresAt(until);
    em.persist(lease);
    em.flush();
    return true;
  }

  /** Lets the lease run out now, so that another node takes the sink over without waiting. */
  void releaseLease(String sink, String owner) {
    em.createQuery("update SinkLeaseEntity l set l.expiresAt = 0 where l.sink = :sink"
            + " and l.owner = :owner")
        .setParameter("sink", sink).setParameter("owner", owner).executeUpdate();
  }

  /**
   * Where the sink stands against every realm's chain: the realms with records or checkpoints
   * it has yet to deliver, and how many records that is in all. Three queries, whatever the
   * number of realms, so that every node can ask on every run.
   */
  Backlog backlog(String sink) {
    Map<String, Long> heads = pairs(em.createQuery(
        "select h.realmId, h.seq from AuditHeadEntity h", Object[].class).getResultList());
    Map<String, Long> latestCheckpoints = pairs(em.createQuery(
        "select c.realmId, max(c.seq) from AuditCheckpointEntity c group by c.realmId",
        Object[].class).getResultList());
    Map<String, SinkPositionEntity> positions = new HashMap<>();
    em.createQuery("select p from SinkPositionEntity p where p.sink = :sink",
            SinkPositionEntity.class)
        .setParameter("sink", sink)
        .getResultList().forEach(p -> positions.put(p.getRealmId(), p));
    List<String> realms = new ArrayList<>();
    long lag = 0;
    for (Map.Entry<String, Long> head : heads.entrySet()) {
      SinkPositionEntity position = positions.get(head.getKey());
      long seq = position == null ? 0 : position.getSeq();
      long checkpointSeq = position == null ? 0 : position.getCheckpointSeq();
      lag += Math.max(0, head.getValue() - seq);
      if (head.getValue() > seq
          || latestCheckpoints.getOrDefault(head.getKey(), 0L) > checkpointSeq) {
        realms.add(head.getKey());
      }
    }
    realms.sort(Comparator.naturalOrder());
    return new Backlog(realms, lag);
  }

  private static Map<String, Long> pairs(List<Object[]> rows) {
    Map<String, Long> map = new HashMap<>();
    rows.forEach(row -> map.put((String) row[0], ((Number) row[1]).longValue()));
    return map;
  }

  /** Realms with something undelivered, and the records undelivered over all realms. */
  record Backlog(List<String> realms, long lagRecords) {
  }

  /**
   * What the sink has yet to deliver of one realm, at most {@code limit} records: the records
   * after its position, oldest first, and the checkpoints after its checkpoint position that
   * cover no more than those records (a checkpoint follows the records it vouches for).
   */
  SinkBatch.Content undelivered(String sink, String realmId, int limit) {
    SinkPositionEntity position = em.find(SinkPositionEntity.class, id(sink, realmId));
    long afterSeq = position == null ? 0 : position.getSeq();
    long afterCheckpoint = position == null ? 0 : position.getCheckpointSeq();
    AuditStore audit = new AuditStore(em);
    List<AuditStore.SealedRecord> records = audit.sealedPage(AuditStore.wholeTrail(realmId),
        afterSeq, audit.head(realmId).seq(), limit);
    long upTo = records.isEmpty() ? afterSeq : records.get(records.size() - 1).seq();
    return new SinkBatch.Content(records, checkpoints(realmId, afterCheckpoint, upTo), upTo);
  }

  /** Checkpoints with positions in ({@code after}, {@code upTo}], oldest first. */
  private List<Checkpoint> checkpoints(String realmId, long after, long upTo) {
    CheckpointStore store = new CheckpointStore(em, protection);
    List<Checkpoint> found = new ArrayList<>();
    // Newest first, so the page walk stops at the first one already delivered.
    for (int first = 0; ; first += CHECKPOINT_PAGE) {
      List<Checkpoint> page = store.list(realmId, first, CHECKPOINT_PAGE);
      for (Checkpoint checkpoint : page) {
        if (checkpoint.seq() <= after) {
          return sorted(found);
        }
        if (checkpoint.seq() <= upTo) {
          found.add(checkpoint);
        }
      }
      if (page.size() < CHECKPOINT_PAGE) {
        return sorted(found);
      }
    }
  }

  private static List<Checkpoint> sorted(List<Checkpoint> checkpoints) {
    checkpoints.sort(Comparator.comparingLong(Checkpoint::seq));
    return checkpoints;
  }

  /**
   * Moves the sink's position in the realm forward to what the receiver acknowledged, renewing
   * the lease on the same transaction. Never moves it back: a node that lost its lease while
   * sending and finishes late does not undo the new owner's progress.
   *
   * @return false when {@code owner} no longer holds the lease (nothing was written)
   */
  boolean advance(String sink, String owner, long until, String realmId, long seq,
      long checkpointSeq) {
    int renewed = em.createQuery("update SinkLeaseEntity l set l.expiresAt = :until"
            + " where l.sink = :sink and l.owner = :owner")
        .setParameter("until", until).setParameter("sink", sink).setParameter("owner", owner)
        .executeUpdate();
    if (renewed != 1) {
      return false;
    }
    SinkPositionEntity position = em.find(SinkPositionEntity.class, id(sink, realmId));
    if (position == null) {
      position = new SinkPositionEntity();
      position.setId(id(sink, realmId));
      position.setSink(sink);
      position.setRealmId(realmId);
      em.persist(position);
    }
    position.setSeq(Math.max(position.getSeq(), seq));
    position.setCheckpointSeq(Math.max(position.getCheckpointSeq(), checkpointSeq));
    return true;
  }

  private static String id(String sink, String realmId) {
    return sink + ":" + realmId;
  }
}
