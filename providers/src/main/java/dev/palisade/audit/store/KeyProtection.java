package dev.palisade.audit.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How audit signing keys are kept at rest: sealed with AES-256-GCM under a key derived from the
 * operator's secret (then reading the database is not enough to forge a checkpoint), or, when
 * no secret is configured, as plain base64. The realm and key id are bound in as associated
 * data, so a sealed key copied to another row does not open.
 */
public final class KeyProtection {

  private static final String SEALED = "aesgcm:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Optional<SecretKeySpec> key;
  private final SecureRandom random = new SecureRandom();

  private KeyProtection(Optional<SecretKeySpec> key) {
    this.key = key;
  }

  /** Protection under {@code secret}, or none when it is absent or blank. */
  public static KeyProtection fromSecret(Optional<String> secret) {
    return new KeyProtection(secret.filter(s -> !s.isBlank()).map(KeyProtection::derive));
  }

  public boolean encrypts() {
    return key.isPresent();
  }

  /** Whether a stored private key is sealed (by some secret), rather than plain. */
  static boolean isSealed(String stored) {
    return stored.startsWith(SEALED);
  }

  String protect(byte[] privateKey, String realmId, String kid) {
    if (key.isEmpty()) {
      return Base64.getEncoder().encodeToString(privateKey);
    }
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, realmId, kid);
      byte[] sealed = cipher.doFinal(privateKey);
      return SEALED + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal an audit signing key", e);
    }
  }

  byte[] open(String stored, String realmId, String kid) {
    if (!stored.startsWith(SEALED)) {
      return Base64.getDecoder().decode(stored);
    }
    if (key.isEmpty()) {
      throw new IllegalStateException("audit signing key " + kid + " is encrypted: set "
          + "--spi-events-listener--palisade-audit--key-encryption-secret");
    }
    byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED.length()));
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE,
          Arrays.copyOf(sealed, IV_BYTES), realmId, kid);
      return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("audit signing key " + kid
          + " does not open with the configured key-encryption-secret", e);
    }
  }

  private Cipher cipher(int mode, byte[] iv, String realmId, String kid)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key.orElseThrow(), new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD((realmId + "/" + kid).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static SecretKeySpec derive(String secret) {
    try {
      return new SecretKeySpec(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
