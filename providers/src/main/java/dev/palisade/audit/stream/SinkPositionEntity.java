package dev.palisade.audit.stream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How far one sink has delivered one realm's trail: every record up to {@code seq} and every
 * checkpoint up to {@code checkpointSeq} was acknowledged by the receiver. Working state, not
 * evidence: the trail itself is the outbox.
 */
@Entity
@Table(name = "PALISADE_AUDIT_SINK_POSITION")
public class SinkPositionEntity {

  /** {@code <sink>:<realm id>}. */
  @Id
  @Column(name = "ID", length = 128)
  private String id;

  @Column(name = "SINK", length = 64, nullable = false)
  private String sink;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "SEQ", nullable = false)
  private long seq;

  @Column(name = "CHECKPOINT_SEQ", nullable = false)
  private long checkpointSeq;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getSink() {
    return sink;
  }

  public void setSink(String sink) {
    this.sink = sink;
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

  public long getCheckpointSeq() {
    return checkpointSeq;
  }

  public void setCheckpointSeq(long checkpointSeq) {
    this.checkpointSeq = checkpointSeq;
  }
}
