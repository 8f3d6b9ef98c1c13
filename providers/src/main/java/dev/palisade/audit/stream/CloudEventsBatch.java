package dev.palisade.audit.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/**
 * A batch as a CloudEvents 1.0 JSON batch ({@code application/cloudevents-batch+json}): one
 * event per record ({@code dev.palisade.audit.record}) and per checkpoint
 * ({@code dev.palisade.audit.checkpoint}). {@code source} names the realm's trail by realm id,
 * which outlives renames; with {@code id} it identifies an event for deduplication.
 */
final class CloudEventsBatch {

  static final String MEDIA_TYPE = "application/cloudevents-batch+json";
  static final String RECORD_TYPE = "dev.palisade.audit.record";
  static final String CHECKPOINT_TYPE = "dev.palisade.audit.checkpoint";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CloudEventsBatch() {
  }

  /** The body to post, as bytes: the exact bytes the batch signature covers. */
  static byte[] body(SinkBatch batch) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (SealedRecord record : batch.records()) {
      events.add(event(batch.realmId(), record.record().id(), RECORD_TYPE,
          Instant.ofEpochMilli(record.record().time()).toString(), record.record().realm(),
          record.seq(), record.toView()));
    }
    for (Checkpoint checkpoint : batch.checkpoints()) {
      events.add(event(batch.realmId(), checkpointId(checkpoint), CHECKPOINT_TYPE,
          checkpoint.time(), checkpoint.realm(), checkpoint.seq(), checkpoint.toJson()));
    }
    try {
      return JSON.writeValueAsBytes(events);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit batch cannot be serialised", e);
    }
  }

  /** The id of a checkpoint's event: one checkpoint per chain position, so the position. */
  static String checkpointId(Checkpoint checkpoint) {
    return "checkpoint-" + checkpoint.seq();
  }

  /** The {@code source} of a realm's events. */
  static String source(String realmId) {
    return "urn:palisade:audit:" + realmId;
  }

  private static Map<String, Object> event(String realmId, String id, String type, String time,
      String realm, long seq, Map<String, Object> data) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", id);
    event.put("source", source(realmId));
    event.put("type", type);
    event.put("time", time);
    event.put("datacontenttype", "application/json");
    // Extension attributes (lower-case letters and digits only): a receiver routes and orders
    // by them without opening data.
    event.put("palisaderealm", realm);
    event.put("palisadeseq", seq);
    event.put("data", data);
    return event;
  }
}
