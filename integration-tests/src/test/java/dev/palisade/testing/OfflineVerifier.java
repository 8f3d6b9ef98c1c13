package dev.palisade.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shipped offline verifier jar in a JVM of its own on an export, as an auditor with
 * nothing but the file and the public key would.
 */
public final class OfflineVerifier {

  private OfflineVerifier() {
  }

  /** Exit code and standard output of {@code java -jar verifier --public-key … export}. */
  public record Result(int exitCode, String output) {
  }

  public static Result verify(String export, String publicKeyPem) {
    try {
      Path dir = Files.createTempDirectory("palisade-export");
      Path exportFile = Files.writeString(dir.resolve("export.jsonl"), export);
      Path keyFile = Files.writeString(dir.resolve("audit-key.pem"), publicKeyPem);
      Process process = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          TestSettings.required("palisade.audit.verifier.jar"), "--quiet", "--public-key",
          keyFile.toString(), exportFile.toString()))
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the offline verifier did not finish within 60 s");
      }
      Files.delete(exportFile);
      Files.delete(keyFile);
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
