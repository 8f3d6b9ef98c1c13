package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A signed checkpoint of a realm's chain, stored exactly as signed (realm name and time as
 * strings) so that it verifies again later. Insert-only, like the records.
 */
@Entity
@Table(name = "PALISADE_AUDIT_CHECKPOINT")
public class AuditCheckpointEntity {

  /** {@code <realm id>:<seq>}: one checkpoint per chain position. */
  @Id
  @Column(name = "ID", length = 64)
  private String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "REALM_NAME", nullable = false)
  private String realmName;

  @Column(name = "SEQ", nullable = false)
  private long seq;

  @Column(name = "HASH", length = 64, nullable = false)
  private String hash;

  @Column(name = "SIGNED_AT", length = 40, nullable = false)
  private String signedAt;

  @Column(name = "KID", length = 36, nullable = false)
  private String kid;

  /** Version 1: the raw signature; version 2: the signature part of {@link #jws}. */
  @Column(name = "SIGNATURE", length = 128, nullable = false)
  private String signature;

  /** The checkpoint's compact JWS (version 2); null for version 1 checkpoints. */
  @Column(name = "JWS")
  private String jws;

  public String getJws() {
    return jws;
  }

  public void setJws(String jws) {
    this.jws = jws;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
  }

  public String getRealmName() {
    return realmName;
  }

  public void setRealmName(String realmName) {
    this.realmName = realmName;
  }

  public long getSeq() {
    return seq;
  }

  public void setSeq(long seq) {
    this.seq = seq;
  }

  public String getHash() {
    return hash;
  }

  public void setHash(String hash) {
    this.hash = hash;
  }

  public String getSignedAt() {
    return signedAt;
  }

  public void setSignedAt(String signedAt) {
    this.signedAt = signedAt;
  }

  public String getKid() {
    return kid;
  }

  public void setKid(String kid) {
    this.kid = kid;
  }

  public String getSignature() {
    return signature;
  }

  public void setSignature(String signature) {
    this.signature = signature;
  }
}
