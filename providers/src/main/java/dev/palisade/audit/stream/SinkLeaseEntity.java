package dev.palisade.audit.stream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Which node delivers a sink's stream, and until when. Taken and renewed by conditional
 * updates in short transactions, so that one node at a time sends to a receiver however many
 * nodes share the database, and a node that died hands over once its lease runs out.
 */
@Entity
@Table(name = "PALISADE_AUDIT_SINK_LEASE")
public class SinkLeaseEntity {

  @Id
  @Column(name = "SINK", length = 64)
  private String sink;

  @Column(name = "OWNER", nullable = false)
  private String owner;

  /** Epoch milliseconds of the owner's clock. */
  @Column(name = "EXPIRES_AT", nullable = false)
  private long expiresAt;

  public String getSink() {
    return sink;
  }

  public void setSink(String sink) {
    this.sink = sink;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  public long getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(long expiresAt) {
    this.expiresAt = expiresAt;
  }
}
