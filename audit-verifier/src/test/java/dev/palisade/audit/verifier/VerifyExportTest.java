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
    Path pem = ExportFiles.writePem(dir.resolve("key.pem"), verifyingKey);
    return run("--public-key", pem.toString(), export.toString());
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
