package dev.palisade.audit.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.Jws;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * A realm's audit signing keys: which are trusted, which one signs, rotation, and the JWKS that
 * publishes them.
 *
 * <p>A key is trusted when its private half opens and matches its public half, and, where the
 * operator set {@code key-encryption-secret}, only when it is sealed under that secret: then a
 * key planted in the table by someone who can write to the database (and so could sign what
 * they like) is never used, published or believed. Keys are insert-only, so each verdict is
 * kept for the life of the process.
 */
public final class AuditKeyStore {

  private static final Logger LOG = Logger.getLogger(AuditKeyStore.class);
  private static final byte[] PROBE = "palisade audit key probe".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, Boolean> VERDICTS = new ConcurrentHashMap<>();

  private final EntityManager em;
  private final KeyProtection protection;

  public AuditKeyStore(EntityManager em, KeyProtection protection) {
    this.em = em;
    this.protection = protection;
  }

  /** A key that signs: its id, private half and when it was made. */
  public record SigningKey(String kid, PrivateKey privateKey, long createdAt) {
  }

  /** The realm's trusted public keys by key id, oldest first. */
  public Map<String, PublicKey> trustedKeys(String realmId) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (AuditKeyEntity key : keys(realmId, "asc")) {
      if (trusted(key)) {
        keys.put(key.getKid(), publicKey(key));
      }
    }
    return keys;
  }

  /** The trusted public key {@code kid} of the realm, if there is one. */
  public Optional<PublicKey> trustedKey(String realmId, String kid) {
    AuditKeyEntity key = kid == null ? null : em.find(AuditKeyEntity.class, kid);
    return key != null && key.getRealmId().equals(realmId) && trusted(key)
        ? Optional.of(publicKey(key)) : Optional.empty();
  }

  /** The realm's trusted keys as a JWKS ({@code {"keys":[…]}}), oldest first. */
  public Map<String, Object> jwks(String realmId) {
    return AuditKeys.jwks(trustedKeys(realmId).entrySet().stream()
        .map(key -> AuditKeys.toJwk(key.getValue(), key.getKey())).toList());
  }

  /** The key that signs now: the realm's newest trusted key, made on first use. */
  public SigningKey activeKey(String realmId) {
    return keys(realmId, "desc").stream().filter(this::trusted).findFirst()
        .map(this::signingKey)
        .orElseGet(() -> rotate(realmId));
  }

  /** Makes a new signing key for the realm; the older ones stay, to verify what they signed. */
  public SigningKey rotate(String realmId) {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(AuditKeys.ALGORITHM).generateKeyPair();
      AuditKeyEntity key = new AuditKeyEntity();
      key.setKid(UUID.randomUUID().toString());
      key.setRealmId(realmId);
      key.setPublicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
      key.setPrivateKey(protection.protect(pair.getPrivate().getEncoded(), realmId, key.getKid()));
      key.setCreatedAt(System.currentTimeMillis());
      em.persist(key);
      return new SigningKey(key.getKid(), pair.getPrivate(), key.getCreatedAt());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
    }
  }

  /**
   * A JWS of {@code payload} with the payload detached (RFC 7515 appendix F), signed by the
   * realm's active key: for a receiver that gets the payload on its own, such as an HTTP body.
   */
  public String signDetached(String realmId, byte[] payload) {
    SigningKey key = activeKey(realmId);
    return Jws.signDetached(key.privateKey(), key.kid(), payload);
  }

  private List<AuditKeyEntity> keys(String realmId, String order) {
    return em.createQuery("select k from AuditKeyEntity k where k.realmId = :realm"
            + " order by k.createdAt " + order + ", k.kid " + order, AuditKeyEntity.class)
        .setParameter("realm", realmId).getResultList();
  }

  private boolean trusted(AuditKeyEntity key) {
    return VERDICTS.computeIfAbsent(
        key.getKid() + "\n" + key.getRealmId() + "\n" + key.getPublicKey() + "\n"
            + key.getPrivateKey(),
        ignored -> judge(key));
  }

  private boolean judge(AuditKeyEntity key) {
    if (protection.encrypts() && !KeyProtection.isSealed(key.getPrivateKey())) {
      LOG.errorf("Audit key %s of realm %s is not sealed although key-encryption-secret is"
          + " set: it is not trusted (Palisade seals every key it makes under that secret)",
          key.getKid(), key.getRealmId());
      return false;
    }
    try {
      Signature signer = Signature.getInstance(AuditKeys.ALGORITHM);
      signer.initSign(signingKey(key).privateKey());
      signer.update(PROBE);
      Signature verifier = Signature.getInstance(AuditKeys.ALGORITHM);
      verifier.initVerify(publicKey(key));
      verifier.update(PROBE);
      if (verifier.verify(signer.sign())) {
        return true;
      }
      LOG.errorf("Audit key %s of realm %s: its private and public halves do not match;"
          + " it is not trusted", key.getKid(), key.getRealmId());
    } catch (GeneralSecurityException | RuntimeException e) {
      LOG.errorf("Audit key %s of realm %s cannot be read (%s); it is not trusted",
          key.getKid(), key.getRealmId(), e.getMessage());
    }
    return false;
  }

  private SigningKey signingKey(AuditKeyEntity key) {
    try {
      PrivateKey privateKey = KeyFactory.getInstance(AuditKeys.ALGORITHM).generatePrivate(
          new PKCS8EncodedKeySpec(protection.open(key.getPrivateKey(), key.getRealmId(),
              key.getKid())));
      return new SigningKey(key.getKid(), privateKey, key.getCreatedAt());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("audit key " + key.getKid() + " is unreadable", e);
    }
  }

  private static PublicKey publicKey(AuditKeyEntity key) {
    return AuditKeys.fromSpki(Base64.getDecoder().decode(key.getPublicKey()));
  }
}
