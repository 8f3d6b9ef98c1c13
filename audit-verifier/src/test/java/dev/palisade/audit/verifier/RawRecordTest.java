package dev.palisade.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.chain.ChainFormat;
import org.junit.jupiter.api.Test;

class RawRecordTest {

  @Test
  void aServerLineWithoutItsHashIsTheRecordsCanonicalForm() throws Exception {
    String line = ExportFiles.chain(List.of(ExportFiles.record(7))).get(0);
    Map<String, Object> parsed = new TreeMap<>(new ObjectMapper().readValue(line, Map.class));
    Object hash = parsed.remove("hash");

    RawRecord raw = RawRecord.of(line).orElseThrow();

    assertThat(raw.canonical()).isEqualTo(ChainFormat.ofRecord(parsed).canonical(parsed));
    assertThat(raw.hash()).isEqualTo(hash);
    assertThat(raw.seq()).isEqualTo(7);
  }

  @Test
  void aLineInAnotherShapeIsLeftToTheParsingPath() {
    assertThat(RawRecord.of("{\"seq\": 1, \"hash\": \"ab\"}")).isEmpty();
    assertThat(RawRecord.of("not json")).isEmpty();
  }
}
