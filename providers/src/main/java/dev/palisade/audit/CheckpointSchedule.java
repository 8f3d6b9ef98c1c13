package dev.palisade.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import dev.palisade.audit.chain.Checkpoint;

/**
 * When the sealer signs a checkpoint on its own: once {@code every} records have been chained
 * since the newest checkpoint, or once the oldest of them has waited {@code interval}; and when
 * a realm's signing key is old enough to be replaced.
 */
record CheckpointSchedule(long every, Duration interval, Duration keyRotation) {

  static CheckpointSchedule of(AuditConfig config) {
    return new CheckpointSchedule(config.checkpointEvery(), config.checkpointInterval(),
        config.keyRotation());
  }

  /** Whether a chain at {@code headSeq} needs a checkpoint after {@code newest}. */
  boolean due(long headSeq, Optional<Checkpoint> newest, Instant now) {
    long covered = newest.map(Checkpoint::seq).orElse(0L);
    if (headSeq <= covered) {
      return false;
    }
    if (newest.isEmpty() || headSeq - covered >= every) {
      return true;
    }
    try {
      return !Instant.parse(newest.get().time()).plus(interval).isAfter(now);
    } catch (DateTimeParseException | NullPointerException e) {
      // A time no checkpoint of Palisade's carries: sign a proper one now.
      return true;
    }
  }

  /** Whether a signing key made at {@code createdAt} is due to be replaced. */
  boolean keyRotationDue(long createdAtMillis, Instant now) {
    return !keyRotation.isZero()
        && !Instant.ofEpochMilli(createdAtMillis).plus(keyRotation).isAfter(now);
  }
}
