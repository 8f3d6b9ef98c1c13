package dev.palisade.audit.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compact JWS (RFC 7515) signed with EdDSA over Ed25519 (RFC 8037): what checkpoints and signed
 * stream batches are, so that any JOSE library checks them. Only {@code alg} EdDSA is accepted,
 * whatever a header asks for.
 */
public final class Jws {

  /** The JOSE name of the one algorithm used. */
  public static final String ALGORITHM = "EdDSA";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jws() {
  }

  /** A JWS with its payload inside: {@code header.payload.signature}. */
  public static String sign(PrivateKey key, String kid, String type, byte[] payload) {
    String signingInput = header(kid, type) + "." + ENCODER.encodeToString(payload);
    return signingInput + "." + signature(key, signingInput);
  }

  /**
   * A JWS with a detached payload (RFC 7515 appendix F), {@code header..signature}: the
   * payload travels on its own (an HTTP body) and the receiver puts it back to verify.
   */
  public static String signDetached(PrivateKey key, String kid, byte[] payload) {
    String header = header(kid, null);
    return header + ".." + signature(key, header + "." + ENCODER.encodeToString(payload));
  }

  /** Reads a compact JWS without checking it; refuses anything but EdDSA. */
  public static Parsed parse(String compact) {
    String[] parts = compact == null ? new String[0] : compact.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      throw new IllegalArgumentException("not a compact JWS with its payload");
    }
    try {
      Map<String, Object> header = JSON.readValue(DECODER.decode(parts[0]),
          new TypeReference<LinkedHashMap<String, Object>>() { });
      if (!ALGORITHM.equals(header.get("alg"))) {
        throw new IllegalArgumentException("JWS algorithm must be " + ALGORITHM);
      }
      return new Parsed(header, DECODER.decode(parts[1]), parts[0] + "." + parts[1],
          DECODER.decode(parts[2]));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid JWS: " + e.getMessage(), e);
    }
  }

  /** True when {@code detached} is {@code key}'s signature over {@code payload}. */
  public static boolean verifyDetached(String detached, byte[] payload, PublicKey key) {
    String[] parts = detached == null ? new String[0] : detached.split("\\.", -1);
    if (parts.length != 3 || !parts[1].isEmpty()) {
      return false;
    }
    try {
      return parse(parts[0] + "." + ENCODER.encodeToString(payload) + "." + parts[2])
          .verify(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String header(String kid, String type) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", ALGORITHM);
    header.put("kid", kid);
    if (type != null) {
      header.put("typ", type);
    }
    return ENCODER.encodeToString(
        ChainFormat.V2.canonical(header).getBytes(StandardCharsets.UTF_8));
  }

  private static String signature(PrivateKey key, String signingInput) {
    try {
      Signature signer = Signature.getInstance(AuditKeys.ALGORITHM);
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return ENCODER.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the audit key", e);
    }
  }

  /** A JWS taken apart: its decoded header and payload, and what was signed. */
  public record Parsed(Map<String, Object> header, byte[] payload, String signingInput,
      byte[] signature) {

    /** The key id the header names, or null. */
    public String kid() {
      return header.get("kid") instanceof String kid ? kid : null;
    }

    /** True when the signature is {@code key}'s over this JWS's header and payload. */
    public boolean verify(PublicKey key) {
      try {
        Signature verifier = Signature.getInstance(AuditKeys.ALGORITHM);
        verifier.initVerify(key);
        verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(signature);
      } catch (GeneralSecurityException e) {
        return false;
      }
    }
  }
}
