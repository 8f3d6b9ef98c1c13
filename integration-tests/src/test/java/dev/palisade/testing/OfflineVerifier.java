package dev.palisade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an offline verifier in a process of its own on an export, as an auditor with nothing but
 * the file and the realm's published keys would: the shipped Java verifier, or the Python
 * recipe of docs/audit.md.
 */
public final class OfflineVerifier {

  private OfflineVerifier() {
  }

  /** Exit code and output of a verifier run. */
  public record Result(int exitCode, String output) {
  }

  /**
   * {@code java -jar palisade-audit-verifier.jar --jwks … [--trusted-checkpoint …] export}:
   * verifies {@code export} with the realm's JWKS and, where given, checkpoints saved earlier
   * (each a checkpoint's JSON or its JWS), which the export must extend.
   */
  public static Result verify(String export, String jwks, String... trustedCheckpoints) {
    return run("palisade-export", export, jwks, trustedCheckpoints, files -> {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          TestSettings.required("palisade.audit.verifier.jar"), "--quiet", "--jwks",
          files.jwks().toString()));
      files.trusted().forEach(trusted -> {
        command.add("--trusted-checkpoint");
        command.add(trusted.toString());
      });
      command.add(files.export().toString());
      return command;
    });
  }

  /** {@code python3 docs/verify-export.py KEYS.json EXPORT.jsonl [TRUSTED …]}. */
  public static Result verifyWithPython(String export, String jwks,
      String... trustedCheckpoints) {
    return run("palisade-recipe", export, jwks, trustedCheckpoints, files -> {
      List<String> command = new ArrayList<>(List.of("python3",
          TestSettings.required("palisade.audit.recipe"), files.jwks().toString(),
          files.export().toString()));
      files.trusted().forEach(trusted -> command.add(trusted.toString()));
      return command;
    });
  }

  private record Inputs(Path export, Path jwks, List<Path> trusted) {
  }

  private interface Command {
    List<String> of(Inputs files);
  }

  private static Result run(String prefix, String export, String jwks, String[] trusted,
      Command command) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      List<Path> trustedFiles = new ArrayList<>();
      for (int i = 0; i < trusted.length; i++) {
        trustedFiles.add(Files.writeString(dir.resolve("trusted-" + i + ".json"),
            trusted[i]));
      }
      Inputs files = new Inputs(
          Files.writeString(dir.resolve("export.jsonl"), export),
          Files.writeString(dir.resolve("audit-keys.json"), jwks), trustedFiles);
      Process process = new ProcessBuilder(command.of(files)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the offline verifier did not finish within 60 s");
      }
      try (var listed = Files.list(dir)) {
        for (Path file : listed.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the offline verifier", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
