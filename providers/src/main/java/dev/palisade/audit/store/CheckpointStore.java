package dev.palisade.audit.store;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.Checkpoint;
import jakarta.persistence.EntityManager;

/** Signed checkpoints of realm chains and the realm keys that sign them. */
public final class CheckpointStore {

  private final EntityManager em;
  private final KeyProtection protection;

  public CheckpointStore(EntityManager em, KeyProtection protection) {
    this.em = em;
    this.protection = protection;
  }

  /**
   * The checkpoint at {@code seq}, signing one with the realm's audit key (made on first use)
   * if none exists yet. Callers hold the realm's head lock, so no two nodes sign one position.
   */
  public Checkpoint checkpoint(String realmId, String realmName, long seq, String hash) {
    AuditCheckpointEntity existing = em.find(AuditCheckpointEntity.class, id(realmId, seq));
    if (existing != null) {
      return toCheckpoint(existing);
    }
    AuditKeyEntity key = activeKey(realmId);
    Checkpoint signed = Checkpoint.sign(realmName, seq, hash,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), key.getKid(),
        privateKey(key));
    AuditCheckpointEntity entity = new AuditCheckpointEntity();
    entity.setId(id(realmId, seq));
    entity.setRealmId(realmId);
    entity.setRealmName(signed.realm());
    entity.setSeq(signed.seq());
    entity.setHash(signed.hash());
    entity.setSignedAt(signed.time());
    entity.setKid(signed.kid());
    entity.setSignature(signed.signature());
    em.persist(entity);
    return signed;
  }

  /** Position of the realm's newest checkpoint, 0 when it has none. */
  public long lastCheckpointSeq(String realmId) {
    Long seq = em.createQuery("select max(c.seq) from AuditCheckpointEntity c"
        + " where c.realmId = :realm", Long.class).setParameter("realm", realmId).getSingleResult();
    return seq == null ? 0 : seq;
  }

  /** The realm's newest checkpoint, if it has one. */
  public Optional<Checkpoint> latest(String realmId) {
    return list(realmId, 0, 1).stream().findFirst();
  }

  /** Whether {@code checkpoint} carries a valid signature by the realm key it names. */
  public boolean signatureValid(String realmId, Checkpoint checkpoint) {
    AuditKeyEntity key = em.find(AuditKeyEntity.class, checkpoint.kid());
    return key != null && key.getRealmId().equals(realmId) && checkpoint.verify(publicKey(key));
  }

  /** Checkpoints, newest first. */
  public List<Checkpoint> list(String realmId, int first, int max) {
    return em.createQuery("select c from AuditCheckpointEntity c where c.realmId = :realm"
            + " order by c.seq desc", AuditCheckpointEntity.class)
        .setParameter("realm", realmId).setFirstResult(first).setMaxResults(max)
        .getResultStream().map(CheckpointStore::toCheckpoint).toList();
  }

  /** The realm's audit public keys in PEM form, oldest first: all ever used to sign. */
  public List<Map<String, Object>> publicKeys(String realmId) {
    return em.createQuery("select k from AuditKeyEntity k where k.realmId = :realm"
            + " order by k.createdAt", AuditKeyEntity.class)
        .setParameter("realm", realmId).getResultStream()
        .map(key -> {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("kid", key.getKid());
          json.put("alg", Checkpoint.ALGORITHM);
          json.put("publicKey", AuditKeys.toPem(publicKey(key)));
          json.put("createdAt", Instant.ofEpochMilli(key.getCreatedAt()).toString());
          return json;
        }).toList();
  }

  private AuditKeyEntity activeKey(String realmId) {
    return em.createQuery("select k from AuditKeyEntity k where k.realmId = :realm"
            + " order by k.createdAt desc", AuditKeyEntity.class)
        .setParameter("realm", realmId).setMaxResults(1).getResultStream().findFirst()
        .orElseGet(() -> newKey(realmId));
  }

  private AuditKeyEntity newKey(String realmId) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(Checkpoint.ALGORITHM).generateKeyPair();
      AuditKeyEntity key = new AuditKeyEntity();
      key.setKid(UUID.randomUUID().toString());
      key.setRealmId(realmId);
      key.setPublicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
      key.setPrivateKey(protection.protect(pair.getPrivate().getEncoded(), realmId, key.getKid()));
      key.setCreatedAt(System.currentTimeMillis());
      em.persist(key);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
    }
  }

  private PrivateKey privateKey(AuditKeyEntity key) {
    try {
      return KeyFactory.getInstance(Checkpoint.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(
          protection.open(key.getPrivateKey(), key.getRealmId(), key.getKid())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("audit key " + key.getKid() + " is unreadable", e);
    }
  }

  private static PublicKey publicKey(AuditKeyEntity key) {
    try {
      return KeyFactory.getInstance(Checkpoint.ALGORITHM).generatePublic(
          new X509EncodedKeySpec(Base64.getDecoder().decode(key.getPublicKey())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("audit key " + key.getKid() + " is unreadable", e);
    }
  }

  private static Checkpoint toCheckpoint(AuditCheckpointEntity entity) {
    return new Checkpoint(entity.getRealmName(), entity.getSeq(), entity.getHash(),
        entity.getSignedAt(), entity.getKid(), entity.getSignature());
  }

  private static String id(String realmId, long seq) {
    return realmId + ":" + seq;
  }
}
