package dev.palisade.audit.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.store.AuditStore.ChainPosition;
import dev.palisade.audit.store.AuditStore.Walk;
import jakarta.persistence.EntityManager;

/**
 * Signed checkpoints of realm chains. A checkpoint is anchored: the server signs a position
 * only after recomputing the chain up to it from the previous checkpoint it can trust, so a
 * chain rewritten in the database (head included) is refused instead of signed.
 */
public final class CheckpointStore {

  private static final int ANCHOR_PAGE = 20;

  private final EntityManager em;
  private final AuditKeyStore keys;

  public CheckpointStore(EntityManager em, KeyProtection protection) {
    this.em = em;
    this.keys = new AuditKeyStore(em, protection);
  }

  /**
   * The checkpoint at {@code seq}, signing one with the realm's active key if none exists yet.
   * Callers hold the realm's head lock, so no two nodes sign one position.
   *
   * @throws AnchorMismatch when the chain up to {@code seq} does not extend the previous
   *     trusted checkpoint, or does not end in {@code hash}
   */
  public Checkpoint checkpoint(String realmId, String realmName, long seq, String hash) {
    AuditCheckpointEntity existing = em.find(AuditCheckpointEntity.class, id(realmId, seq));
    if (existing != null) {
      Checkpoint stored = toCheckpoint(existing);
      if (signedByTrustedKey(realmId, stored) && stored.hash().equals(hash)) {
        return stored;
      }
      throw new AnchorMismatch(seq, seq);
    }
    ChainPosition from = anchor(realmId, seq)
        .map(anchor -> new ChainPosition(anchor.seq(), anchor.hash()))
        .orElse(new ChainPosition(0, ChainHash.GENESIS));
    Walk walk = new AuditStore(em).walk(realmId, from, seq);
    if (!walk.ok()) {
      throw new AnchorMismatch(from.seq(), walk.firstBadSeq());
    }
    if (!walk.hash().equals(hash)) {
      throw new AnchorMismatch(from.seq(), seq);
    }
    AuditKeyStore.SigningKey key = keys.activeKey(realmId);
    Checkpoint signed = Checkpoint.sign(realmName, seq, hash,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), key.kid(), key.privateKey());
    AuditCheckpointEntity entity = new AuditCheckpointEntity();
    entity.setId(id(realmId, seq));
    entity.setRealmId(realmId);
    entity.setRealmName(signed.realm());
    entity.setSeq(signed.seq());
    entity.setHash(signed.hash());
    entity.setSignedAt(signed.time());
    entity.setKid(signed.kid());
    entity.setSignature(signed.signature().substring(signed.signature().lastIndexOf('.') + 1));
    entity.setJws(signed.signature());
    em.persist(entity);
    return signed;
  }

  /**
   * The newest checkpoint before position {@code beforeSeq} signed by one of the realm's
   * trusted keys. Checkpoints naming a key that is not trusted (planted, or unsealed where
   * sealing is on) are passed over; one naming a trusted key whose signature does not verify
   * was forged, and nothing is trusted past it.
   *
   * @throws AnchorMismatch for a forged checkpoint
   */
  public Optional<Checkpoint> anchor(String realmId, long beforeSeq) {
    for (int first = 0; ; first += ANCHOR_PAGE) {
      List<AuditCheckpointEntity> page = em.createQuery("select c from AuditCheckpointEntity c"
              + " where c.realmId = :realm and c.seq < :before order by c.seq desc",
              AuditCheckpointEntity.class)
          .setParameter("realm", realmId).setParameter("before", beforeSeq)
          .setFirstResult(first).setMaxResults(ANCHOR_PAGE).getResultList();
      for (AuditCheckpointEntity entity : page) {
        Checkpoint checkpoint = toCheckpoint(entity);
        if (keys.trustedKey(realmId, checkpoint.kid()).isEmpty()) {
          continue;
        }
        if (!signedByTrustedKey(realmId, checkpoint)) {
          throw new AnchorMismatch(entity.getSeq(), entity.getSeq());
        }
        return Optional.of(checkpoint);
      }
      if (page.size() < ANCHOR_PAGE) {
        return Optional.empty();
      }
    }
  }

  /** Whether {@code checkpoint} carries a valid signature by a trusted key of the realm. */
  public boolean signedByTrustedKey(String realmId, Checkpoint checkpoint) {
    return keys.trustedKey(realmId, checkpoint.kid()).map(checkpoint::verify).orElse(false);
  }

  /** Checkpoints, newest first. */
  public List<Checkpoint> list(String realmId, int first, int max) {
    return em.createQuery("select c from AuditCheckpointEntity c where c.realmId = :realm"
            + " order by c.seq desc", AuditCheckpointEntity.class)
        .setParameter("realm", realmId).setFirstResult(first).setMaxResults(max)
        .getResultStream().map(CheckpointStore::toCheckpoint).toList();
  }

  /** The realm's signing keys. */
  public AuditKeyStore keys() {
    return keys;
  }

  private static Checkpoint toCheckpoint(AuditCheckpointEntity entity) {
    if (entity.getJws() != null) {
      try {
        return Checkpoint.fromJws(entity.getJws());
      } catch (IllegalArgumentException e) {
        // Not a JWS: written behind Palisade's back. It keeps its row's position and verifies
        // with no key, so the anchor search treats it as forged.
        return new Checkpoint(2, entity.getRealmName(), entity.getSeq(), entity.getHash(),
            entity.getSignedAt(), entity.getKid(), entity.getJws());
      }
    }
    return new Checkpoint(1, entity.getRealmName(), entity.getSeq(), entity.getHash(),
        entity.getSignedAt(), entity.getKid(), entity.getSignature());
  }

  private static String id(String realmId, long seq) {
    return realmId + ":" + seq;
  }
}
