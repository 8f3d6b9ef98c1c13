package dev.palisade.audit.api;

import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import java.util.function.Supplier;

import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/**
 * One record per line in canonical JSON plus its hash, then the signed checkpoint: exactly what
 * the offline verifier re-hashes, so an auditor needs nothing but this file and the public key.
 */
final class JsonLinesFormat implements ExportFormat {

  @Override
  public String mediaType() {
    return "application/x-ndjson";
  }

  @Override
  public String fileExtension() {
    return "jsonl";
  }

  @Override
  public void begin(Writer out) {
    // JSONL has no header.
  }

  @Override
  public void record(Writer out, SealedRecord record) throws IOException {
    out.write(record.format().canonical(record.toView()));
    out.write('\n');
  }

  @Override
  public void end(Writer out, Supplier<Optional<Checkpoint>> covering) throws IOException {
    Optional<Checkpoint> checkpoint = covering.get();
    if (checkpoint.isPresent()) {
      out.write(ChainFormat.CURRENT.canonical(checkpoint.get().toJson()));
      out.write('\n');
    }
  }
}
