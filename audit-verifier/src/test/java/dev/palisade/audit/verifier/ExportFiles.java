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
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;

/** Writes exports in the server's format, for the verifier's tests and benchmark. */
final class ExportFiles {

  private ExportFiles() {
  }

  static KeyPair newKey() {
    try {
      return KeyPairGenerator.getInstance(Checkpoint.ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record as the server exports it, without its hash. */
  static Map<String, Object> record(long seq) {
    Map<String, Object> record = new LinkedHashMap<>();
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
      hash = ChainHash.next(hash, ChainHash.canonical(record));
      Map<String, Object> withHash = new LinkedHashMap<>(record);
      withHash.put("hash", hash);
      lines.add(ChainHash.canonical(withHash));
    }
    return lines;
  }

  /** The signed checkpoint line covering position {@code seq} with {@code hash}. */
  static String checkpointLine(long seq, String hash, KeyPair key) {
    return ChainHash.canonical(Checkpoint.sign("acme", seq, hash, "2026-11-24T00:00:00Z",
        "kid-1", key.getPrivate()).toJson());
  }

  static Path writeLines(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  static Path writePem(Path file, KeyPair key) throws IOException {
    return Files.writeString(file, AuditKeys.toPem(key.getPublic()));
  }

  /** Streams an export of {@code count} generated records with its checkpoint to a file. */
  static void writeGenerated(Path file, long count, KeyPair key) throws IOException {
    String hash = ChainHash.GENESIS;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long seq = 1; seq <= count; seq++) {
        Map<String, Object> record = record(seq);
        hash = ChainHash.next(hash, ChainHash.canonical(record));
        record.put("hash", hash);
        out.write(ChainHash.canonical(record));
        out.write('\n');
      }
      out.write(checkpointLine(count, hash, key));
      out.write('\n');
    }
  }
}
