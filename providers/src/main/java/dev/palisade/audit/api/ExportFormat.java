package dev.palisade.audit.api;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/** How an export writes records: JSONL (verifiable, ends with a checkpoint) or CSV (to read). */
interface ExportFormat {

  String mediaType();

  String fileExtension();

  void begin(Writer out) throws IOException;

  void record(Writer out, SealedRecord record) throws IOException;

  /**
   * Ends the export; a format that carries a checkpoint asks {@code covering} for the signed
   * checkpoint of the last record written (signing only happens when asked). There is none
   * when the server refused to sign: the chain no longer extends its last checkpoint.
   */
  void end(Writer out, Supplier<Optional<Checkpoint>> covering) throws IOException;

  /** The format named by the {@code format} parameter; JSONL when it is absent. */
  static Optional<ExportFormat> named(String name) {
    String normalised = name == null || name.isBlank() ? "jsonl" : name.toLowerCase(Locale.ROOT);
    return switch (normalised) {
      case "jsonl" -> Optional.of(new JsonLinesFormat());
      case "csv" -> Optional.of(new CsvFormat());
      default -> Optional.empty();
    };
  }
}
