package dev.palisade.audit.api;

import java.util.Optional;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AnchorMismatch;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStore.ChainPosition;
import dev.palisade.audit.store.CheckpointStore;

/**
 * One verification of a realm's chain and its answer. The anchor is the newest checkpoint a
 * trusted key signed: incremental verification recomputes the chain from it, so its cost
 * follows the records added since; whatever fails is walked again from the first record, to
 * name the first bad position.
 */
final class ChainVerification {

  private final boolean ok;
  private final String mode;
  private final ChainPosition from;
  private final AuditStore.VerifyResult result;
  private final Optional<Checkpoint> anchor;
  private final boolean anchorHolds;
  private final Long forgedCheckpointSeq;

  private ChainVerification(String mode, ChainPosition from, AuditStore.VerifyResult result,
      Optional<Checkpoint> anchor, boolean anchorHolds, Long forgedCheckpointSeq) {
    this.ok = result.ok() && anchorHolds && forgedCheckpointSeq == null;
    this.mode = mode;
    this.from = from;
    this.result = result;
    this.anchor = anchor;
    this.anchorHolds = anchorHolds;
    this.forgedCheckpointSeq = forgedCheckpointSeq;
  }

  static ChainVerification run(AuditStore store, CheckpointStore checkpoints, String realmId,
      boolean full) {
    Optional<Checkpoint> anchor;
    Long forged = null;
    try {
      anchor = checkpoints.anchor(realmId, Long.MAX_VALUE);
    } catch (AnchorMismatch mismatch) {
      // A checkpoint naming a trusted key carries a signature that key never made.
      anchor = Optional.empty();
      forged = mismatch.anchorSeq();
    }
    ChainPosition genesis = new ChainPosition(0, ChainHash.GENESIS);
    Optional<ChainPosition> anchored =
        anchor.map(checkpoint -> new ChainPosition(checkpoint.seq(), checkpoint.hash()));
    if (!full && anchored.isPresent() && forged == null) {
      AuditStore.VerifyResult result = store.verify(realmId, anchored.get());
      if (result.ok()) {
        return new ChainVerification("incremental", anchored.get(), result, anchor, true, null);
      }
    }
    AuditStore.VerifyResult result = store.verify(realmId, genesis);
    // A chain rewritten consistently (links and head) walks clean from the start; only the
    // signed hash at the anchor's position shows it.
    boolean anchorHolds = anchored
        .map(position -> store.walk(realmId, position, position.seq()).ok())
        .orElse(true);
    return new ChainVerification("full", genesis, result, anchor, anchorHolds, forged);
  }

  boolean ok() {
    return ok;
  }

  /**
   * A tree rather than a map: Keycloak's JSON output drops null map values, and the contract
   * always shows firstBadSeq and checkpoint, null or not.
   */
  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("ok", ok);
    body.put("events", result.events());
    Long firstBad = result.firstBadSeq();
    if (firstBad == null && !anchorHolds) {
      firstBad = anchor.map(Checkpoint::seq).orElse(null);
    }
    body.put("firstBadSeq", firstBad);
    body.put("headHash", result.headHash());
    body.put("unchained", result.unchained());
    body.put("mode", mode);
    body.put("verifiedFrom", from.seq());
    if (forgedCheckpointSeq != null) {
      ObjectNode checkpoint = body.putObject("checkpoint");
      checkpoint.put("seq", forgedCheckpointSeq);
      checkpoint.put("valid", false);
    } else if (anchor.isPresent()) {
      ObjectNode checkpoint = body.putObject("checkpoint");
      anchor.get().toJson().forEach(checkpoint::putPOJO);
      checkpoint.put("valid", anchorHolds);
    } else {
      body.putNull("checkpoint");
    }
    return body;
  }
}
