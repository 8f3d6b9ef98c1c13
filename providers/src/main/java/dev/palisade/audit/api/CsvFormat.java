package dev.palisade.audit.api;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/**
 * RFC 4180 CSV for reading in a spreadsheet. Cells that a spreadsheet would run as a formula
 * (a failed login's username is attacker-chosen) are prefixed with an apostrophe, as OWASP
 * advises; the JSONL export is the faithful, verifiable form.
 */
final class CsvFormat implements ExportFormat {

  private static final List<String> HEADER = List.of("seq", "id", "time", "realm", "actor_type",
      "actor_id", "actor_username", "action", "target_type", "target_id", "outcome", "ip",
      "user_agent", "details", "hash");

  @Override
  public String mediaType() {
    return "text/csv";
  }

  @Override
  public String fileExtension() {
    return "csv";
  }

  @Override
  public void begin(Writer out) throws IOException {
    writeRow(out, HEADER.stream());
  }

  @Override
  public void record(Writer out, SealedRecord sealed) throws IOException {
    AuditRecord r = sealed.record();
    Map<String, Object> view = sealed.toView();
    writeRow(out, Stream.of(String.valueOf(sealed.seq()), r.id(), (String) view.get("time"),
        r.realm(), r.actor().type(), r.actor().id(), r.actor().username(), r.action(),
        r.target().type(), r.target().id(), r.outcome(), r.ip(), r.userAgent(),
        sealed.format().canonical(r.details()), sealed.hash()));
  }

  @Override
  public void end(Writer out, Supplier<Optional<Checkpoint>> covering) {
    // A CSV row cannot be re-hashed exactly, so a checkpoint would prove nothing here.
  }

  private static void writeRow(Writer out, Stream<String> cells) throws IOException {
    out.write(cells.map(CsvFormat::cell).collect(Collectors.joining(",")));
    out.write("\r\n");
  }

  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
