package dev.palisade.audit.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/**
 * A batch as RFC 5424 syslog messages in RFC 5425 octet-counting frames
 * ({@code <length> SP <message>}). Each message carries the chain position in structured data
 * ({@code [palisade@32473 realm realmId seq id hash]}) and the record or checkpoint in its MSG
 * part as JSON in the canonical form it was hashed in, so a SIEM can both index it and
 * recompute the chain.
 */
final class SyslogMessages {

  static final String APP_NAME = "palisade";
  /** Structured-data id; 32473 is the enterprise number RFC 5612 sets aside for examples. */
  static final String SD_ID = "palisade@32473";
  private static final int INFORMATIONAL = 6;
  private static final int NOTICE = 5;

  private final int facility;
  private final String hostname;

  SyslogMessages(int facility, String hostname) {
    this.facility = facility;
    this.hostname = printableAscii(hostname, 255);
  }

  /** Every record, then every checkpoint of the batch, framed, ready to write. */
  byte[] frames(SinkBatch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SealedRecord record : batch.records()) {
      String outcome = record.record().outcome();
      int severity = outcome != null && outcome.startsWith("failure") ? NOTICE : INFORMATIONAL;
      frame(out, message(severity, Instant.ofEpochMilli(record.record().time()).toString(),
          "record",
          record.record().realm(), batch.realmId(), record.seq(), record.record().id(),
          record.hash(), record.toView()));
    }
    for (Checkpoint checkpoint : batch.checkpoints()) {
      frame(out, message(INFORMATIONAL, checkpoint.time(), "checkpoint", checkpoint.realm(), batch.realmId(),
          checkpoint.seq(), CloudEventsBatch.checkpointId(checkpoint), checkpoint.hash(),
          checkpoint.toJson()));
    }
    return out.toByteArray();
  }

  private String message(int severity, String timestamp, String msgId, String realm,
      String realmId, long seq, String id, String hash, Map<String, Object> json) {
    return "<" + (facility * 8 + severity) + ">1 " + timestamp + " " + hostname + " "
        + APP_NAME + " - " + msgId + " [" + SD_ID
        + " realm=\"" + paramValue(realm) + "\""
        + " realmId=\"" + paramValue(realmId) + "\""
        + " seq=\"" + seq + "\""
        + " id=\"" + paramValue(id) + "\""
        + " hash=\"" + paramValue(hash) + "\"] "
        + ChainFormat.ofRecord(json).canonical(json);
  }

  private static void frame(ByteArrayOutputStream out, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    out.writeBytes((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }

  /** RFC 5424 section 6.3.3: '"', '\' and ']' are escaped inside a PARAM-VALUE. */
  private static String paramValue(String value) {
    if (value == null) {
      return "";
    }
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }

  /** HOSTNAME is printable US-ASCII without spaces; anything else would break the header. */
  private static String printableAscii(String value, int max) {
    StringBuilder clean = new StringBuilder();
    value.chars().filter(c -> c > 32 && c < 127).limit(max)
        .forEach(c -> clean.append((char) c));
    return clean.isEmpty() ? "-" : clean.toString();
  }
}
