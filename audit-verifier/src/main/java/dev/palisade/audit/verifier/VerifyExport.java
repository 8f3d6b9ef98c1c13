package dev.palisade.audit.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;

/**
 * The offline verifier: checks a JSONL export of a realm's whole trail against the realm's
 * audit keys (a JWKS, or a PEM key kept from before), with no access to the server. It streams
 * the file, holding one record at a time, and names the first position that does not verify.
 * Checkpoints the auditor saved earlier ({@code --trusted-checkpoint}) must lie on the
 * exported chain: a chain rewritten since, even one re-signed with a stolen key, fails there.
 *
 * <p>Exit codes: 0 verified, 1 the export does not verify, 2 it could not be checked at all.
 */
public final class VerifyExport {

  static final String USAGE = "usage: java -jar palisade-audit-verifier.jar"
      + " (--jwks KEYS.json | --public-key KEY.pem) [--trusted-checkpoint FILE]... [--quiet]"
      + " EXPORT.jsonl";
  private static final int PROGRESS_EVERY = 100_000;
  // Objects are read into sorted maps: canonical() then writes them without re-sorting, which
  // roughly halves the work per record.
  private static final ObjectReader RECORDS = new ObjectMapper()
      .registerModule(new SimpleModule().addAbstractTypeMapping(Map.class, TreeMap.class))
      .readerFor(new TypeReference<TreeMap<String, Object>>() { });

  private VerifyExport() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments arguments;
    Keys keys;
    NavigableMap<Long, Checkpoint> trusted;
    try {
      arguments = Arguments.parse(args);
      keys = arguments.keys();
      trusted = arguments.trustedCheckpoints(keys);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cannot read " + e.getMessage());
      return 2;
    }
    try (BufferedReader lines = Files.newBufferedReader(arguments.export(),
        StandardCharsets.UTF_8)) {
      Outcome outcome = verify(lines, keys, trusted, arguments.quiet() ? null : err);
      out.println(outcome.message());
      return outcome.ok() ? 0 : 1;
    } catch (JsonProcessingException e) {
      err.println("not an export: a line is not JSON (" + e.getOriginalMessage() + ")");
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("not an export: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cannot read " + arguments.export() + ": " + e.getMessage());
      return 2;
    }
  }

  private static Outcome verify(BufferedReader lines, Keys keys,
      NavigableMap<Long, Checkpoint> trusted, PrintStream progress) throws IOException {
    long seq = 0;
    String hash = ChainHash.GENESIS;
    Checkpoint checkpoint = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      if (checkpoint != null) {
        return Outcome.failed(seq + 1, "a record follows the checkpoint");
      }
      long expected = seq + 1;
      Optional<RawRecord> raw = RawRecord.of(line);
      if (raw.isPresent() && raw.get().seq() == expected
          && raw.get().hash().equals(ChainHash.next(hash, raw.get().canonical()))) {
        hash = raw.get().hash();
      } else {
        // Not the server's exact bytes (or a bad record): decide on the parsed record.
        Map<String, Object> object = RECORDS.readValue(line);
        if (Checkpoint.TYPE.equals(object.get("type"))) {
          checkpoint = Checkpoint.fromJson(object);
          continue;
        }
        if (!(object.get("seq") instanceof Number number) || number.longValue() != expected) {
          return Outcome.failed(expected, "expected record " + expected + ", found "
              + object.get("seq"));
        }
        Object claimed = object.remove("hash");
        hash = ChainHash.next(hash, ChainFormat.ofRecord(object).canonical(object));
        if (!hash.equals(claimed)) {
          return Outcome.failed(expected, "record hash does not match the chain");
        }
      }
      seq = expected;
      Checkpoint saved = trusted.get(seq);
      if (saved != null && !saved.hash().equals(hash)) {
        return Outcome.failed(seq, "the chain differs from trusted checkpoint " + seq
            + ": records up to it were changed since it was signed");
      }
      if (progress != null && seq % PROGRESS_EVERY == 0) {
        progress.println("verified " + seq + " records…");
      }
    }
    if (checkpoint == null) {
      return Outcome.failed(seq + 1, "the export does not end with a signed checkpoint");
    }
    if (checkpoint.seq() != seq || !hash.equals(checkpoint.hash())) {
      return Outcome.failed(Math.min(seq, checkpoint.seq()) + 1,
          "the checkpoint covers record " + checkpoint.seq() + ", the export ends at " + seq);
    }
    if (!keys.verify(checkpoint)) {
      return Outcome.failed(seq, "the checkpoint's signature does not verify with "
          + keys.describe(checkpoint.kid()));
    }
    if (!trusted.isEmpty() && trusted.lastKey() > seq) {
      return Outcome.failed(seq + 1, "the export ends at " + seq
          + ", before trusted checkpoint " + trusted.lastKey());
    }
    for (Checkpoint saved : trusted.values()) {
      if (!saved.realm().equals(checkpoint.realm())) {
        return Outcome.failed(saved.seq(), "trusted checkpoint " + saved.seq()
            + " is of realm " + saved.realm() + ", the export of " + checkpoint.realm());
      }
    }
    return new Outcome(true, "OK: " + seq + " records, chain head " + hash + ", checkpoint "
        + checkpoint.kid() + " signed at " + checkpoint.time()
        + (trusted.isEmpty() ? "" : ", extends " + trusted.size() + " trusted checkpoint(s)"));
  }

  private record Outcome(boolean ok, String message) {

    static Outcome failed(long seq, String reason) {
      return new Outcome(false, "FAILED at seq " + seq + ": " + reason);
    }
  }

  /** The keys checkpoints must be signed with: a JWKS by key id, or one PEM key for any id. */
  private record Keys(Map<String, PublicKey> byKid, PublicKey anyKid) {

    boolean verify(Checkpoint checkpoint) {
      PublicKey key = anyKid != null ? anyKid : byKid.get(checkpoint.kid());
      return key != null && checkpoint.verify(key);
    }

    String describe(String kid) {
      return anyKid != null ? "this key"
          : byKid.containsKey(kid) ? "key " + kid : "any key of the JWKS (kid " + kid + ")";
    }
  }

  private record Arguments(Path jwks, Path publicKey, List<Path> trustedCheckpoints,
      Path export, boolean quiet) {

    static Arguments parse(String[] args) {
      Path jwks = null;
      Path publicKey = null;
      List<Path> trusted = new ArrayList<>();
      boolean quiet = false;
      List<String> files = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--jwks" -> jwks = Path.of(value(args, ++i));
          case "--public-key" -> publicKey = Path.of(value(args, ++i));
          case "--trusted-checkpoint" -> trusted.add(Path.of(value(args, ++i)));
          case "--quiet" -> quiet = true;
          default -> files.add(args[i]);
        }
      }
      if ((jwks == null) == (publicKey == null) || files.size() != 1) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Arguments(jwks, publicKey, trusted, Path.of(files.get(0)), quiet);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(USAGE);
      }
      return args[i];
    }

    Keys keys() throws IOException {
      return jwks != null ? new Keys(AuditKeys.fromJwks(read(jwks)), null)
          : new Keys(Map.of(), AuditKeys.fromPem(read(publicKey)));
    }

    /** The saved checkpoints by position; each must carry a valid signature. */
    NavigableMap<Long, Checkpoint> trustedCheckpoints(Keys keys) throws IOException {
      NavigableMap<Long, Checkpoint> bySeq = new TreeMap<>();
      for (Path file : trustedCheckpoints) {
        String text = read(file).strip();
        Checkpoint checkpoint = text.startsWith("{")
            ? Checkpoint.fromJson(RECORDS.readValue(text)) : Checkpoint.fromJws(text);
        if (!keys.verify(checkpoint)) {
          throw new IllegalArgumentException("trusted checkpoint " + file
              + " does not verify with " + keys.describe(checkpoint.kid()));
        }
        bySeq.put(checkpoint.seq(), checkpoint);
      }
      return bySeq;
    }

    private static String read(Path file) throws IOException {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    }
  }
}
