package dev.palisade.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The chain format, precise enough for an auditor to re-implement (docs/audit.md):
 * {@code hash(n) = hex(SHA-256(hash(n-1) + "\n" + canonical(record(n))))} with
 * {@code hash(0)} 64 zeros, where {@code canonical} is the record's JSON form without its
 * {@code hash} field and without null-valued fields, object keys sorted, no insignificant
 * white space, UTF-8. The server and the offline verifier both use this class.
 */
public final class ChainHash {

  /** The hash before the first record of every realm. */
  public static final String GENESIS = "0".repeat(64);

  // Null-valued fields are left out, as Keycloak's own JSON output leaves them out, so that the
  // canonical form can be rebuilt from any record the API or an export returns.
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .setDefaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private ChainHash() {
  }

  /** Canonical JSON of a record or checkpoint given as maps and lists: the bytes signed. */
  public static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be serialised", e);
    }
  }

  /** The chain hash after appending a record whose canonical form is {@code canonical}. */
  public static String next(String previousHash, String canonical) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha256.update((byte) '\n');
      sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
