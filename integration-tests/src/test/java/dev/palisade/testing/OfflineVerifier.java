package dev.palisade.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shipped offline verifier jar in a JVM of its own on an export, as an auditor with
 * nothing but the file and the realm's published keys would.
 */
public final class OfflineVerifier {

  private OfflineVerifier() {
  }

  /** Exit code and standard output of {@code java -jar verifier --jwks … export}. */
  public record Result(int exitCode, String output) {
  }

  /**
   * Verifies {@code export} with the realm's JWKS and, where given, checkpoints saved earlier
   * (each a checkpoint's JSON or its JWS), which the export must extend.
   */
  public static Result verify(String export, String jwks, String... trustedCheckpoints) {
    try {
      Path dir = Files.createTempDirectory("palisade-export");
      Path exportFile = Files.writeString(dir.resolve("export.jsonl"), export);
      Path keyFile = Files.writeString(dir.resolve("audit-keys.json"), jwks);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          TestSettings.required("palisade.audit.verifier.jar"), "--quiet", "--jwks",
          keyFile.toString()));
      for (int i = 0; i < trustedCheckpoints.length; i++) {
        command.add("--trusted-checkpoint");
        command.add(Files.writeString(dir.resolve("trusted-" + i + ".json"),
            trustedCheckpoints[i]).toString());
      }
      command.add(exportFile.toString());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the offline verifier did not finish within 60 s");
      }
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the offline verifier", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
