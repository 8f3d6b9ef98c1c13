package dev.palisade.audit.chain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM form of a realm's Ed25519 audit public key, as the server publishes it. */
public final class AuditKeys {

  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";
  private static final byte[] NEWLINE = {'\n'};

  private AuditKeys() {
  }

  /** PEM ("BEGIN PUBLIC KEY", X.509 SubjectPublicKeyInfo) of a public key. */
  public static String toPem(PublicKey key) {
    return BEGIN + "\n" + Base64.getMimeEncoder(64, NEWLINE)
        .encodeToString(key.getEncoded()) + "\n" + END + "\n";
  }

  /** Reads a PEM public key written by {@link #toPem}. */
  public static PublicKey fromPem(String pem) {
    String base64 = pem.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(Checkpoint.ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key in PEM form", e);
    }
  }
}
