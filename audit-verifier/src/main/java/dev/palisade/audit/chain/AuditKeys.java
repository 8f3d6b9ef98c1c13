package dev.palisade.audit.chain;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A realm's Ed25519 audit public keys as JWKs (RFC 8037: {@code kty} OKP, {@code crv} Ed25519,
 * {@code x} the raw key), the form {@code …/audit/keys} publishes as a JWKS; and the PEM form
 * that keys were published in before, which auditors may still hold.
 */
public final class AuditKeys {

  /** The JDK's name of the key and signature algorithm. */
  public static final String ALGORITHM = "Ed25519";

  // An Ed25519 SubjectPublicKeyInfo is this DER prefix followed by the 32-byte raw key.
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final int RAW_KEY_BYTES = 32;
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditKeys() {
  }

  /** The public JWK of {@code key}, named {@code kid}. */
  public static Map<String, Object> toJwk(PublicKey key, String kid) {
    byte[] spki = key.getEncoded();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "OKP");
    jwk.put("crv", ALGORITHM);
    jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(
        Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length)));
    jwk.put("kid", kid);
    jwk.put("alg", Jws.ALGORITHM);
    jwk.put("use", "sig");
    return jwk;
  }

  /** The Ed25519 key of an OKP JWK. */
  public static PublicKey fromJwk(JsonNode jwk) {
    if (!"OKP".equals(jwk.path("kty").asText()) || !ALGORITHM.equals(jwk.path("crv").asText())) {
      throw new IllegalArgumentException("not an Ed25519 (OKP) JWK: " + jwk.path("kid").asText());
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(jwk.path("x").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWK x is not base64url", e);
    }
    if (raw.length != RAW_KEY_BYTES) {
      throw new IllegalArgumentException("JWK x is not a 32-byte Ed25519 key");
    }
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_KEY_BYTES);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, RAW_KEY_BYTES);
    return fromSpki(spki);
  }

  /** The keys of a JWKS document ({@code {"keys":[…]}}) by key id. */
  public static Map<String, PublicKey> fromJwks(String json) {
    JsonNode keys;
    try {
      keys = JSON.readTree(json).path("keys");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JWKS: " + e.getMessage(), e);
    }
    if (!keys.isArray() || keys.isEmpty()) {
      throw new IllegalArgumentException("not a JWKS: no \"keys\" array");
    }
    Map<String, PublicKey> byKid = new LinkedHashMap<>();
    for (JsonNode jwk : keys) {
      byKid.put(jwk.path("kid").asText(), fromJwk(jwk));
    }
    return byKid;
  }

  /** Reads a PEM ("BEGIN PUBLIC KEY") Ed25519 public key. */
  public static PublicKey fromPem(String pem) {
    String base64 = pem.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
    try {
      return fromSpki(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key in PEM form", e);
    }
  }

  /** The key of an X.509 SubjectPublicKeyInfo. */
  public static PublicKey fromSpki(byte[] spki) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  /** A JWKS document of {@code jwks}. */
  public static Map<String, Object> jwks(List<Map<String, Object>> jwks) {
    return Map.of("keys", jwks);
  }
}
