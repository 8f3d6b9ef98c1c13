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
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;

/**
 * The offline verifier: checks a JSONL export of a realm's whole trail against the realm's
 * audit public key, with no access to the server. It streams the file, holding one record at a
 * time, and names the first position that does not verify.
 *
 * <p>Exit codes: 0 verified, 1 the export does not verify, 2 it could not be checked at all.
 */
public final class VerifyExport {

  static final String USAGE =
      "usage: java -jar palisade-audit-verifier.jar --public-key KEY.pem [--quiet] EXPORT.jsonl";
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
    PublicKey key;
    try {
      arguments = Arguments.parse(args);
      key = AuditKeys.fromPem(Files.readString(arguments.publicKey()));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cannot read the public key: " + e.getMessage());
      return 2;
    }
    try (BufferedReader lines = Files.newBufferedReader(arguments.export(),
        StandardCharsets.UTF_8)) {
      Outcome outcome = verify(lines, key, arguments.quiet() ? null : err);
      out.println(outcome.message());
      return outcome.ok() ? 0 : 1;
    } catch (JsonProcessingException e) {
      err.println("not an export: a line is not JSON (" + e.getOriginalMessage() + ")");
      return 2;
    } catch (IOException e) {
      err.println("cannot read " + arguments.export() + ": " + e.getMessage());
      return 2;
    }
  }

  private static Outcome verify(BufferedReader lines, PublicKey key, PrintStream progress)
      throws IOException {
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
        hash = ChainHash.next(hash, ChainHash.canonical(object));
        if (!hash.equals(claimed)) {
          return Outcome.failed(expected, "record hash does not match the chain");
        }
      }
      seq = expected;
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
    if (!checkpoint.verify(key)) {
      return Outcome.failed(seq, "the checkpoint's signature does not verify with this key");
    }
    return new Outcome(true, "OK: " + seq + " records, chain head " + hash + ", checkpoint "
        + checkpoint.kid() + " signed at " + checkpoint.time());
  }

  private record Outcome(boolean ok, String message) {

    static Outcome failed(long seq, String reason) {
      return new Outcome(false, "FAILED at seq " + seq + ": " + reason);
    }
  }

  private record Arguments(Path publicKey, Path export, boolean quiet) {

    static Arguments parse(String[] args) {
      Path publicKey = null;
      boolean quiet = false;
      List<String> files = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--public-key" -> {
            if (i + 1 == args.length) {
              throw new IllegalArgumentException(USAGE);
            }
            publicKey = Path.of(args[++i]);
          }
          case "--quiet" -> quiet = true;
          default -> files.add(args[i]);
        }
      }
      if (publicKey == null || files.size() != 1) {
        throw new IllegalArgumentException(USAGE);
      }
      return new Arguments(publicKey, Path.of(files.get(0)), quiet);
    }
  }
}
