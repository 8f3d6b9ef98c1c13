package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A record's link in its realm's hash chain: position {@code seq} and the chain hash up to and
 * including it. Written by the sealer only, insert-only like the record itself.
 */
@Entity
@Table(name = "PALISADE_AUDIT_CHAIN")
public class AuditChainEntity {

  @Id
  @Column(name = "EVENT_ID", length = 36)
  private String eventId;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "SEQ", nullable = false)
  private long seq;

  @Column(name = "HASH", length = 64, nullable = false)
  private String hash;

  @Column(name = "SEALED_AT", nullable = false)
  private long sealedAt;

  /** The {@link dev.palisade.audit.chain.ChainFormat} version the record was hashed in. */
  @Column(name = "CHAIN_FORMAT", nullable = false)
  private int format;

  public int getFormat() {
    return format;
  }

  public void setFormat(int format) {
    this.format = format;
  }

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

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

  public long getSealedAt() {
    return sealedAt;
  }

  public void setSealedAt(long sealedAt) {
    this.sealedAt = sealedAt;
  }
}
