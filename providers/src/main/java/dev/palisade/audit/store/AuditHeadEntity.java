package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The end of a realm's chain. Its row lock is what makes one sealer at a time per realm across
 * all Keycloak nodes sharing the database; only sealers take it, never request threads.
 */
@Entity
@Table(name = "PALISADE_AUDIT_HEAD")
public class AuditHeadEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  private String realmId;

  @Column(name = "SEQ", nullable = false)
  private long seq;

  @Column(name = "HASH", length = 64, nullable = false)
  private String hash;

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
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
}
