package dev.palisade.audit.stream;

import java.util.List;

import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditStore.SealedRecord;

/**
 * Records of one realm in chain order, then the checkpoints that vouch for positions up to the
 * last of them (a batch may hold checkpoints only: one signed after the records went out).
 *
 * @param realmId the realm whose trail this is; records carry its name
 * @param signer  signs bytes with the realm's audit key, for sinks that sign what they send
 */
public record SinkBatch(String realmId, List<SealedRecord> records, List<Checkpoint> checkpoints,
    Signer signer) {

  /** Signs a payload with the realm's audit key: a compact JWS with a detached payload. */
  @FunctionalInterface
  public interface Signer {
    String signDetached(byte[] payload);
  }

  /** How many records and checkpoints the batch carries. */
  public int size() {
    return records.size() + checkpoints.size();
  }

  /** What a sink has yet to deliver of a realm, and the positions it reaches once delivered. */
  record Content(List<SealedRecord> records, List<Checkpoint> checkpoints, long upToSeq) {

    boolean isEmpty() {
      return records.isEmpty() && checkpoints.isEmpty();
    }

    long checkpointSeq(long otherwise) {
      return checkpoints.isEmpty() ? otherwise : checkpoints.get(checkpoints.size() - 1).seq();
    }
  }
}
