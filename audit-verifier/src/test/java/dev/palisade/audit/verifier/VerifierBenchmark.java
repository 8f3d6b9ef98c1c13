package dev.palisade.audit.verifier;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline verification speed: generates an export of N records (argument, default 1,000,000)
 * and verifies it three times in this JVM, printing records/s per run and the median. With a
 * second argument DIR it keeps export.jsonl and key.pem there, to run the cli jar on them.
 */
public final class VerifierBenchmark {

  private VerifierBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
        : Files.createTempDirectory("palisade-verifier-benchmark");
    KeyPair key = ExportFiles.newKey();
    Path export = dir.resolve("export.jsonl");
    Path pem = ExportFiles.writePem(dir.resolve("key.pem"), key);
    ExportFiles.writeGenerated(export, count, key);
    System.out.printf("export: %d records, %d bytes (%d bytes/record)%n", count,
        Files.size(export), Files.size(export) / Math.max(count, 1));
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    List<Double> rates = new ArrayList<>();
    for (int run = 1; run <= 3; run++) {
      long start = System.nanoTime();
      int code = VerifyExport.run(new String[] {"--quiet", "--public-key", pem.toString(),
          export.toString()}, discard, System.err);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (code != 0) {
        throw new IllegalStateException("the generated export did not verify");
      }
      rates.add(count / seconds);
      System.out.printf("run %d: %.1f s, %.0f records/s%n", run, seconds, count / seconds);
    }
    rates.sort(Double::compare);
    System.out.printf("median: %.0f records/s%n", rates.get(1));
    if (args.length < 2) {
      Files.delete(export);
      Files.delete(pem);
      Files.delete(dir);
    }
  }
}
