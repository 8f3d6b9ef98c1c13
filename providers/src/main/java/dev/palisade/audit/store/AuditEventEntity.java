package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One audit record as captured. Insert-only: nothing in Palisade updates or deletes it, and on
 * PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE. Its place in the realm's hash
 * chain is a separate, equally insert-only {@link AuditChainEntity}.
 */
@Entity
@Table(name = "PALISADE_AUDIT_EVENT")
public class AuditEventEntity {

  // Column sizes of palisade-audit-changelog.xml; StoredValues bounds every value to them.
  static final int ID_LENGTH = 36;
  static final int NAME_LENGTH = 255;
  static final int ACTOR_TYPE_LENGTH = 32;
  static final int TARGET_TYPE_LENGTH = 64;
  static final int USER_AGENT_LENGTH = 1024;

  @Id
  @Column(name = "ID", length = ID_LENGTH)
  private String id;

  @Column(name = "REALM_ID", length = ID_LENGTH, nullable = false)
  private String realmId;

  @Column(name = "REALM_NAME", length = NAME_LENGTH)
  private String realmName;

  @Column(name = "EVENT_TIME", nullable = false)
  private long time;

  @Column(name = "ACTOR_TYPE", length = ACTOR_TYPE_LENGTH)
  private String actorType;

  @Column(name = "ACTOR_ID", length = NAME_LENGTH)
  private String actorId;

  @Column(name = "ACTOR_USERNAME", length = NAME_LENGTH)
  private String actorUsername;

  @Column(name = "ACTION", length = NAME_LENGTH, nullable = false)
  private String action;

  @Column(name = "TARGET_TYPE", length = TARGET_TYPE_LENGTH)
  private String targetType;

  @Column(name = "TARGET_ID", length = NAME_LENGTH)
  private String targetId;

  @Column(name = "OUTCOME", length = NAME_LENGTH, nullable = false)
  private String outcome;

  @Column(name = "IP_ADDRESS", length = NAME_LENGTH)
  private String ip;

  @Column(name = "USER_AGENT", length = USER_AGENT_LENGTH)
  private String userAgent;

  @Column(name = "DETAILS_JSON")
  private String detailsJson;

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

  public long getTime() {
    return time;
  }

  public void setTime(long time) {
    this.time = time;
  }

  public String getActorType() {
    return actorType;
  }

  public void setActorType(String actorType) {
    this.actorType = actorType;
  }

  public String getActorId() {
    return actorId;
  }

  public void setActorId(String actorId) {
    this.actorId = actorId;
  }

  public String getActorUsername() {
    return actorUsername;
  }

  public void setActorUsername(String actorUsername) {
    this.actorUsername = actorUsername;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getTargetType() {
    return targetType;
  }

  public void setTargetType(String targetType) {
    this.targetType = targetType;
  }

  public String getTargetId() {
    return targetId;
  }

  public void setTargetId(String targetId) {
    this.targetId = targetId;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getIp() {
    return ip;
  }

  public void setIp(String ip) {
    this.ip = ip;
  }

  public String getUserAgent() {
    return userAgent;
  }

  public void setUserAgent(String userAgent) {
    this.userAgent = userAgent;
  }

  public String getDetailsJson() {
    return detailsJson;
  }

  public void setDetailsJson(String detailsJson) {
    this.detailsJson = detailsJson;
  }
}
