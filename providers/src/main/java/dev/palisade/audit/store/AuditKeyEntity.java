package dev.palisade.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A realm's Ed25519 audit signing key. Palisade's own table, not a Keycloak realm key, so that
 * no realm admin can add, replace or read it through the admin API.
 */
@Entity
@Table(name = "PALISADE_AUDIT_KEY")
public class AuditKeyEntity {

  @Id
  @Column(name = "KID", length = 36)
  private String kid;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  /** X.509 SubjectPublicKeyInfo, base64. */
  @Column(name = "PUBLIC_KEY", nullable = false)
  private String publicKey;

  /** PKCS#8 as {@link KeyProtection} keeps it: AES-GCM sealed, or base64 without a secret. */
  @Column(name = "PRIVATE_KEY", nullable = false)
  private String privateKey;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  public String getKid() {
    return kid;
  }

  public void setKid(String kid) {
    this.kid = kid;
  }

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
  }

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getPrivateKey() {
    return privateKey;
  }

  public void setPrivateKey(String privateKey) {
    this.privateKey = privateKey;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(long createdAt) {
    this.createdAt = createdAt;
  }
}
