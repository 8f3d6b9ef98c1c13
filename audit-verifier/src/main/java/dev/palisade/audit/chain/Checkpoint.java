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
 * A signed statement that a realm's chain reached {@code seq} with {@code hash}.
 *
 * <p>Version 2 (the current form) is a compact JWS, EdDSA, header {@code {"alg","kid","typ"}},
 * whose payload is the RFC 8785 JSON {@code {"hash","realm","seq","time","v":2}}: any JOSE
 * library checks it with the realm's JWKS. Version 1 checkpoints, signed before, are a raw
 * Ed25519 signature over the version 1 canonical JSON of {@code {hash,kid,realm,seq,time}};
 * they still verify.
 *
 * @param signature the compact JWS (version 2) or the base64url raw signature (version 1)
 */
public record Checkpoint(int version, String realm, long seq, String hash, String time,
    String kid, String signature) {

  /** The {@code type} member that marks a checkpoint line in a JSONL export. */
  public static final String TYPE = "checkpoint";
  /** The JWS {@code typ} of a checkpoint. */
  public static final String JWS_TYPE = "palisade-checkpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Signs {@code seq}/{@code hash} of {@code realm} at {@code time} with {@code key}. */
  public static Checkpoint sign(String realm, long seq, String hash, String time, String kid,
      PrivateKey key) {
    return fromJws(Jws.sign(key, kid, JWS_TYPE, payload(realm, seq, hash, time)));
  }

  /** Reads a version 2 checkpoint from its JWS (unchecked: {@link #verify} checks it). */
  public static Checkpoint fromJws(String jws) {
    Jws.Parsed parsed = Jws.parse(jws);
    Map<String, Object> payload;
    try {
      payload = JSON.readValue(parsed.payload(), new TypeReference<Map<String, Object>>() { });
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint payload is not JSON", e);
    }
    if (!(payload.get("seq") instanceof Number seq) || !(payload.get("v") instanceof Number v)
        || v.intValue() != 2) {
      throw new IllegalArgumentException("not a version 2 checkpoint payload");
    }
    return new Checkpoint(2, text(payload, "realm"), seq.longValue(), text(payload, "hash"),
        text(payload, "time"), parsed.kid(), jws);
  }

  /**
   * Reads a checkpoint from its JSON form (API, export line). For version 2 only the JWS
   * counts: the members beside it are a convenience and are not trusted.
   */
  public static Checkpoint fromJson(Map<String, Object> json) {
    if (json.get("jws") instanceof String jws) {
      return fromJws(jws);
    }
    Object seq = json.get("seq");
    return new Checkpoint(1, text(json, "realm"),
        seq instanceof Number number ? number.longValue() : -1, text(json, "hash"),
        text(json, "time"), text(json, "kid"), text(json, "signature"));
  }

  /** True when {@code publicKey} signed this checkpoint. */
  public boolean verify(PublicKey publicKey) {
    if (version == 2) {
      try {
        return Jws.parse(signature).verify(publicKey);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    try {
      Signature verifier = Signature.getInstance(AuditKeys.ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(legacyPayload().getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /** The checkpoint as the API and the last line of a JSONL export show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", TYPE);
    if (version == 2) {
      json.put("v", 2);
    }
    json.put("realm", realm);
    json.put("seq", seq);
    json.put("hash", hash);
    json.put("time", time);
    json.put("kid", kid);
    if (version == 2) {
      json.put("alg", Jws.ALGORITHM);
      json.put("jws", signature);
    } else {
      json.put("alg", AuditKeys.ALGORITHM);
      json.put("signature", signature);
    }
    return json;
  }

  private static byte[] payload(String realm, long seq, String hash, String time) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("v", 2);
    payload.put("realm", realm);
    payload.put("seq", seq);
    payload.put("hash", hash);
    payload.put("time", time);
    return ChainFormat.V2.canonical(payload).getBytes(StandardCharsets.UTF_8);
  }

  private String legacyPayload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("realm", realm);
    payload.put("seq", seq);
    payload.put("hash", hash);
    payload.put("time", time);
    payload.put("kid", kid);
    return ChainFormat.V1.canonical(payload);
  }

  private static String text(Map<String, Object> json, String key) {
    return json.get(key) instanceof String value ? value : null;
  }
}
