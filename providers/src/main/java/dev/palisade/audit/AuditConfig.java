package dev.palisade.audit;

import org.keycloak.Config;

/**
 * Options of {@code palisade-audit}, set as
 * {@code --spi-events-listener--palisade-audit--<key>=<value>}.
 *
 * @param sealIntervalMillis time between sealer runs: the upper bound of sealing lag when idle
 * @param sealBatchSize      records per sealer transaction
 * @param checkpointEvery    records between checkpoints the sealer signs on its own (exports
 *                           sign one at their end whatever this says)
 */
record AuditConfig(long sealIntervalMillis, int sealBatchSize, long checkpointEvery) {

  static final String SEAL_INTERVAL = "seal-interval-millis";
  static final String SEAL_BATCH_SIZE = "seal-batch-size";
  static final int DEFAULT_SEAL_INTERVAL_MILLIS = 500;
  static final int DEFAULT_SEAL_BATCH_SIZE = 2000;
  static final String CHECKPOINT_EVERY = "checkpoint-every";
  static final int DEFAULT_CHECKPOINT_EVERY = 10_000;
  static final String KEY_ENCRYPTION_SECRET = "key-encryption-secret";

  AuditConfig {
    if (sealIntervalMillis < 10) {
      throw new IllegalArgumentException(SEAL_INTERVAL + " must be at least 10");
    }
    if (sealBatchSize < 1) {
      throw new IllegalArgumentException(SEAL_BATCH_SIZE + " must be positive");
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException(CHECKPOINT_EVERY + " must be positive");
    }
  }

  static AuditConfig from(Config.Scope scope) {
    return new AuditConfig(
        scope.getLong(SEAL_INTERVAL, (long) DEFAULT_SEAL_INTERVAL_MILLIS),
        scope.getInt(SEAL_BATCH_SIZE, DEFAULT_SEAL_BATCH_SIZE),
        scope.getLong(CHECKPOINT_EVERY, (long) DEFAULT_CHECKPOINT_EVERY));
  }
}
