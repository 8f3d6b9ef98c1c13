package dev.palisade.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement that a realm's chain reached {@code seq} with {@code hash}: the server
 * signs the canonical JSON of {realm, seq, hash, time, kid} with the realm's Ed25519 audit
 * key; anyone with the public key checks it without the server.
 *
 * @param signature base64url (no padding) Ed25519 signature of {@link #signedPayload()}
 */
public record Checkpoint(String realm, long seq, String hash, String time, String kid,
    String signature) {

  public static final String ALGORITHM = "Ed25519";
  /** The {@code type} field that marks a checkpoint line in a JSONL export. */
  public static final String TYPE = "checkpoint";

  /** Signs {@code seq}/{@code hash} of {@code realm} at {@code time} with {@code key}. */
  public static Checkpoint sign(String realm, long seq, String hash, String time, String kid,
      PrivateKey key) {
    Checkpoint unsigned = new Checkpoint(realm, seq, hash, time, kid, null);
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(unsigned.signedPayload().getBytes(StandardCharsets.UTF_8));
      return new Checkpoint(realm, seq, hash, time, kid,
          Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an audit checkpoint", e);
    }
  }

  /** True when the signature is {@code publicKey}'s over this checkpoint's fields. */
  public boolean verify(PublicKey publicKey) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(signedPayload().getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getUrlDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The exact string signed: canonical JSON of realm, seq, hash, time and kid. */
  public String signedPayload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("realm", realm);
    payload.put("seq", seq);
    payload.put("hash", hash);
    payload.put("time", time);
    payload.put("kid", kid);
    return ChainHash.canonical(payload);
  }

  /** The checkpoint as the API and the last line of a JSONL export show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", TYPE);
    json.put("realm", realm);
    json.put("seq", seq);
    json.put("hash", hash);
    json.put("time", time);
    json.put("kid", kid);
    json.put("alg", ALGORITHM);
    json.put("signature", signature);
    return json;
  }

  /** Reads a checkpoint from its JSON form (API, export line); fields absent are null. */
  public static Checkpoint fromJson(Map<String, Object> json) {
    Object seq = json.get("seq");
    return new Checkpoint((String) json.get("realm"),
        seq instanceof Number number ? number.longValue() : -1, (String) json.get("hash"),
        (String) json.get("time"), (String) json.get("kid"), (String) json.get("signature"));
  }
}
