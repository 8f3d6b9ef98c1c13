package dev.palisade.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.palisade.audit.AuditRecord;

/**
 * The chain format, precise enough for an auditor to re-implement (docs/audit.md):
 * {@code hash(n) = hex(SHA-256(hash(n-1) + "\n" + canonical(record(n))))} with
 * {@code hash(0)} 64 zeros, where {@code canonical} is the record's JSON form without its
 * {@code hash} field and without null-valued fields, object keys sorted, no insignificant
 * white space, UTF-8.
 */
public final class AuditChain {

  /** The hash before the first record of every realm. */
  public static final String GENESIS = "0".repeat(64);

  // Null-valued fields are left out, as Keycloak's own JSON output leaves them out, so that the
  // canonical form can be rebuilt from any record the API or an export returns.
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .setDefaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private AuditChain() {
  }

  /**
   * The record as the API returns it and the chain hashes it: the contract's field names,
   * with {@code seq} and without {@code hash}.
   */
  public static Map<String, Object> view(AuditRecord record, long seq) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("seq", seq);
    view.put("id", record.id());
    view.put("time", Instant.ofEpochMilli(record.time()).toString());
    view.put("realm", record.realm());
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("type", record.actor().type());
    actor.put("id", record.actor().id());
    actor.put("username", record.actor().username());
    view.put("actor", actor);
    view.put("action", record.action());
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("type", record.target().type());
    target.put("id", record.target().id());
    view.put("target", target);
    view.put("outcome", record.outcome());
    view.put("ip", record.ip());
    view.put("userAgent", record.userAgent());
    view.put("details", record.details());
    return view;
  }

  /** Canonical JSON of a view: sorted keys, compact, the bytes the hash covers. */
  public static String canonical(Map<String, Object> view) {
    try {
      return CANONICAL.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit record cannot be serialised", e);
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
