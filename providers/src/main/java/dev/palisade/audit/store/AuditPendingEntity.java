package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Work queue of records not yet in the chain. Writers add a row next to the record in the
 * same transaction and never touch the chain head; the sealer removes rows as it chains them.
 * A record whose row is removed without sealing shows up in verify as unsealed.
 */
@Entity
@Table(name = "PALISADE_AUDIT_PENDING")
public class AuditPendingEntity {

  @Id
  @Column(name = "EVENT_ID", length = 36)
  private String eventId;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "EVENT_TIME", nullable = false)
  private long time;

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

  public long getTime() {
    return time;
  }

  public void setTime(long time) {
    this.time = time;
  }
}
