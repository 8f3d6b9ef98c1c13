package dev.palisade.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.palisade.audit.chain.ChainHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyExportTest {

  @TempDir
  Path dir;

  private final KeyPair key = ExportFiles.newKey();
  private List<Map<String, Object>> records;
  private List<String> lines;

  @BeforeEach
  void fiveRecordChain() {
    records = new ArrayList<>(LongStream.rangeClosed(1, 5).mapToObj(ExportFiles::record).toList());
    // Absent fields are how exports show nulls; the chain must not depend on them.
    records.get(1).remove("ip");
    lines = new ArrayList<>(ExportFiles.chain(records));
  }

  private String lastHash() {
    return ExportFiles.chain(records).get(records.size() - 1).replaceAll(".*\"hash\":\"(\\w+)\".*", "$1");
  }

  private Run verify(List<String> exportLines, KeyPair verifyingKey) throws Exception {
    Path export = ExportFiles.writeLines(dir.resolve("export.jsonl"), exportLines);
    Path jwks = ExportFiles.writeJwks(dir.resolve("keys.json"), verifyingKey);
    return run("--jwks", jwks.toString(), export.toString());
  }

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = VerifyExport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int code, String out, String err) {
  }

  private List<String> withCheckpoint(List<String> recordLines, long seq, String hash) {
    List<String> all = new ArrayList<>(recordLines);
    all.add(ExportFiles.checkpointLine(seq, hash, key));
    return all;
  }

  @Test
  void acceptsAnIntactExport() throws Exception {
    Run run = verify(withCheckpoint(lines, 5, lastHash()), key);

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("OK: 5 records, chain head " + lastHash());
  }

  @Test
  void acceptsTheExportOfAnEmptyTrail() throws Exception {
    Run run = verify(withCheckpoint(List.of(), 0, ChainHash.GENESIS), key);

    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("OK: 0 records");
  }

  @Nested
  class PointsAtTheFirstBadRecord {

    @Test
    void whenAFieldIsEdited() throws Exception {
      String hash = lastHash();
      lines.set(2, lines.get(2).replace("\"outcome\":\"success\"", "\"outcome\":\"failure:x\""));

      assertThat(verify(withCheckpoint(lines, 5, hash), key).out()).startsWith("FAILED at seq 3:");
    }

    @Test
    void whenARecordIsDeleted() throws Exception {
      String hash = lastHash();
      lines.remove(1);

      assertThat(verify(withCheckpoint(lines, 5, hash), key).out()).startsWith("FAILED at seq 2:");
    }

    @Test
    void whenTwoRecordsAreSwapped() throws Exception {
      String hash = lastHash();
      Collections.swap(lines, 1, 3);

      assertThat(verify(withCheckpoint(lines, 5, hash), key).out()).startsWith("FAILED at seq 2:");
    }

    @Test
    void whenTheNewestRecordIsCutOff() throws Exception {
      String hash = lastHash();
      lines.remove(4);

      Run run = verify(withCheckpoint(lines, 5, hash), key);
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).startsWith("FAILED at seq 5:");
    }

    @Test
    void whenARecordIsAppendedAfterTheCheckpointsPosition() throws Exception {
      String hash = lastHash();
      List<String> export = withCheckpoint(lines, 5, hash);
      export.add(ExportFiles.chain(List.of(ExportFiles.record(1))).get(0));

      assertThat(verify(export, key).out()).startsWith("FAILED at seq 6:");
    }

    @Test
    void whenTheCheckpointIsSignedByAnotherKey() throws Exception {
      Run run = verify(withCheckpoint(lines, 5, lastHash()), ExportFiles.newKey());

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).contains("signature");
    }

    @Test
    void whenTheCheckpointIsMissing() throws Exception {
      Run run = verify(lines, key);

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).contains("does not end with a signed checkpoint");
    }
  }

  @Nested
  class ChainsSealedBeforeVersion2 {

    @Test
    void verifyWhereVersion1AndVersion2RecordsFollowEachOther() throws Exception {
      records.get(0).remove("v");
      records.get(1).remove("v");
      lines = ExportFiles.chain(records);

      Run run = verify(withCheckpoint(lines, 5, lastHash()), key);

      assertThat(run.code()).as(run.out() + run.err()).isZero();
    }

    @Test
    void stillFailWhereAVersion2RecordIsPassedOffAsVersion1() throws Exception {
      String hash = lastHash();
      lines.set(2, lines.get(2).replace(",\"v\":2", ""));

      assertThat(verify(withCheckpoint(lines, 5, hash), key).out()).startsWith("FAILED at seq 3:");
    }

    @Test
    void verifyWithTheKeyKeptInPemForm() throws Exception {
      Path export = ExportFiles.writeLines(dir.resolve("e.jsonl"), withCheckpoint(lines, 5, lastHash()));
      Path pem = ExportFiles.writePem(dir.resolve("key.pem"), key);

      Run run = run("--public-key", pem.toString(), export.toString());
      assertThat(run.code()).as(run.out() + run.err()).isZero();
    }
  }

  @Nested
  class TrustedCheckpoints {

    private Path export;
    private Path jwks;

    @BeforeEach
    void exportAndKeys() throws Exception {
      export = ExportFiles.writeLines(dir.resolve("e.jsonl"), withCheckpoint(lines, 5, lastHash()));
      jwks = ExportFiles.writeJwks(dir.resolve("keys.json"), key);
    }

    private Path saved(long seq, String hash, KeyPair signer) throws Exception {
      return ExportFiles.writeLines(dir.resolve("cp-" + seq + ".json"),
          List.of(ExportFiles.checkpointLine(seq, hash, signer)));
    }

    private String hashAt(int seq) {
      return lines.get(seq - 1).replaceAll(".*\"hash\":\"(\\w+)\".*", "$1");
    }

    @Test
    void acceptAnExportThatExtendsThem() throws Exception {
      Run run = run("--jwks", jwks.toString(), "--trusted-checkpoint", saved(2, hashAt(2), key).toString(),
          "--trusted-checkpoint", saved(4, hashAt(4), key).toString(), export.toString());

      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("extends 2 trusted checkpoint(s)");
    }

    @Test
    void failAChainRewrittenAndResignedSinceTheyWereSaved() throws Exception {
      Path trusted = saved(3, hashAt(3), key);
      // Someone holding the signing key rewrites record 2 and re-signs the new head: the
      // export verifies on its own, but not against what the auditor saved before.
      records.get(1).put("outcome", "success");
      records.get(1).put("action", "LOGOUT");
      lines = ExportFiles.chain(records);
      Path rewritten = ExportFiles.writeLines(dir.resolve("r.jsonl"), withCheckpoint(lines, 5, lastHash()));

      assertThat(run("--jwks", jwks.toString(), rewritten.toString()).code()).isZero();
      Run run = run("--jwks", jwks.toString(), "--trusted-checkpoint", trusted.toString(),
          rewritten.toString());
      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).startsWith("FAILED at seq 3:").contains("trusted checkpoint 3");
    }

    @Test
    void failAnExportThatStopsBeforeThem() throws Exception {
      Run run = run("--jwks", jwks.toString(), "--trusted-checkpoint",
          saved(9, "ab".repeat(32), key).toString(), export.toString());

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.out()).contains("before trusted checkpoint 9");
    }

    @Test
    void refuseASavedCheckpointWithoutAValidSignature() throws Exception {
      Run run = run("--jwks", jwks.toString(), "--trusted-checkpoint",
          saved(2, hashAt(2), ExportFiles.newKey()).toString(), export.toString());

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("does not verify");
    }

    @Test
    void acceptCheckpointsOfRotatedKeys() throws Exception {
      KeyPair newer = ExportFiles.newKey();
      Path both = ExportFiles.writeJwks(dir.resolve("both.json"), key, newer);
      List<String> signedByNewer = new ArrayList<>(lines);
      signedByNewer.add(ExportFiles.checkpointLine(5, lastHash(), newer, "kid-2"));
      Path rotated = ExportFiles.writeLines(dir.resolve("rot.jsonl"), signedByNewer);

      Run run = run("--jwks", both.toString(), "--trusted-checkpoint", saved(2, hashAt(2), key).toString(),
          rotated.toString());
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run("--jwks", jwks.toString(), rotated.toString()).out())
          .contains("any key of the JWKS (kid kid-2)");
    }
  }

  @Nested
  class RefusesToCheck {

    @Test
    void aFileThatIsNotJsonLines() throws Exception {
      Run run = verify(List.of("seq,id,time"), key);

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).startsWith("not an export").doesNotContain("Exception");
    }

    @Test
    void withoutAPublicKey() {
      Run run = run("export.jsonl");

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).startsWith("usage:");
    }

    @Test
    void aKeyThatIsNotPem() throws Exception {
      Path export = ExportFiles.writeLines(dir.resolve("e.jsonl"), lines);
      Path notPem = ExportFiles.writeLines(dir.resolve("k.pem"), List.of("hello"));

      Run run = run("--public-key", notPem.toString(), export.toString());
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).contains("Ed25519 public key");
    }
  }
}
