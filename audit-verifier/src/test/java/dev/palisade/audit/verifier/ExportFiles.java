package dev.palisade.audit.verifier;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;

/** Writes exports in the server's format, for the verifier's tests and benchmark. */
final class ExportFiles {

  private ExportFiles() {
  }

  static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance(AuditKeys.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record as the server exports it, without its hash. */
  static Map<String, Object> record(long seq) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("v", 2);
    record.put("seq", seq);
    record.put("id", "00000000-0000-0000-0000-" + String.format("%012d", seq));
    record.put("time", Instant.ofEpochSecond(1_790_000_000L + seq).toString());
    record.put("realm", "acme");
    record.put("actor", Map.of("type", "user", "id", "9f1c6a52-3b2d-4a63-8f0e-" + seq % 1000,
        "username", "member" + seq % 1000));
    record.put("action", seq % 3 == 0 ? "CODE_TO_TOKEN" : "LOGIN");
    record.put("target", Map.of("type", "user", "id", "9f1c6a52-3b2d-4a63-8f0e-" + seq % 1000));
    record.put("outcome", seq % 10 == 0 ? "failure:invalid_user_credentials" : "success");
    record.put("ip", "192.0.2." + seq % 250);
    record.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156");
    record.put("details", Map.of("auth_method", "openid-connect", "clientId", "portal",
        "redirect_uri", "https://portal.example.com/callback",
        "sessionId", "4c7e" + seq, "username", "member" + seq % 1000));
    return record;
  }

  /** Lines of a whole-chain export of {@code records}, each with its chain hash. */
  static List<String> chain(List<Map<String, Object>> records) {
    List<String> lines = new ArrayList<>();
    String hash = ChainHash.GENESIS;
    for (Map<String, Object> record : records) {
      ChainFormat format = ChainFormat.ofRecord(record);
      hash = ChainHash.next(hash, format.canonical(record));
      Map<String, Object> withHash = new LinkedHashMap<>(record);
      withHash.put("hash", hash);
      lines.add(format.canonical(withHash));
    }
    return lines;
  }

  /** The signed checkpoint line covering position {@code seq} with {@code hash}. */
  static String checkpointLine(long seq, String hash, KeyPair key) {
    return checkpointLine(seq, hash, key, "kid-1");
  }

  /** The checkpoint line covering {@code seq} with {@code hash}, signed by {@code kid}. */
  static String checkpointLine(long seq, String hash, KeyPair key, String kid) {
    return ChainFormat.V2.canonical(Checkpoint.sign("acme", seq, hash, "2026-11-24T00:00:00Z",
        kid, key.getPrivate()).toJson());
  }

  static Path writeLines(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** A JWKS file of {@code keys}, named kid-1, kid-2… in order. */
  static Path writeJwks(Path file, KeyPair... keys) throws IOException {
    List<Map<String, Object>> jwks = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      jwks.add(AuditKeys.toJwk(keys[i].getPublic(), "kid-" + (i + 1)));
    }
    return Files.writeString(file, ChainFormat.V2.canonical(AuditKeys.jwks(jwks)));
  }

  /** A PEM file of {@code key}, as the server published keys before JWKS. */
  static Path writePem(Path file, KeyPair key) throws IOException {
    return Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
  }

  /** Streams an export of {@code count} generated records with its checkpoint to a file. */
  static void writeGenerated(Path file, long count, KeyPair key) throws IOException {
    String hash = ChainHash.GENESIS;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long seq = 1; seq <= count; seq++) {
        Map<String, Object> record = record(seq);
        hash = ChainHash.next(hash, ChainFormat.V2.canonical(record));
        record.put("hash", hash);
        out.write(ChainFormat.V2.canonical(record));
        out.write('\n');
      }
      out.write(checkpointLine(count, hash, key));
      out.write('\n');
    }
  }
}
