package dev.palisade.audit;

import java.time.Duration;

import org.keycloak.Config;

/**
 * Options of {@code palisade-audit}, set as
 * {@code --spi-events-listener--palisade-audit--<key>=<value>}.
 *
 * @param sealIntervalMillis time between sealer runs: the upper bound of sealing lag when idle
 * @param sealBatchSize      records per sealer transaction
 * @param checkpointEvery    records between checkpoints the sealer signs on its own (exports
 *                           sign one at their end whatever this says)
 * @param checkpointInterval longest time a realm's newest records wait for a checkpoint
 * @param keyRotation        age at which a realm's signing key is replaced; zero: never
 */
record AuditConfig(long sealIntervalMillis, int sealBatchSize, long checkpointEvery,
    Duration checkpointInterval, Duration keyRotation) {

  static final String SEAL_INTERVAL = "seal-interval-millis";
  static final String SEAL_BATCH_SIZE = "seal-batch-size";
  static final int DEFAULT_SEAL_INTERVAL_MILLIS = 500;
  static final int DEFAULT_SEAL_BATCH_SIZE = 2000;
  static final String CHECKPOINT_EVERY = "checkpoint-every";
  static final int DEFAULT_CHECKPOINT_EVERY = 10_000;
  static final String KEY_ENCRYPTION_SECRET = "key-encryption-secret";
  static final String CHECKPOINT_INTERVAL = "checkpoint-interval-seconds";
  static final int DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 3600;
  static final String KEY_ROTATION = "key-rotation-days";
  /** Seconds a record may wait to be chained before readiness reports sealing stalled. */
  static final String MAX_SEAL_LAG = "max-seal-lag-seconds";
  static final int DEFAULT_MAX_SEAL_LAG_SECONDS = 60;
  /** Exports and verifications one realm may run at once on a node (read into ReadLimits). */
  static final String MAX_CONCURRENT_READS_PER_REALM = "max-concurrent-reads-per-realm";
  static final int DEFAULT_MAX_CONCURRENT_READS_PER_REALM = 2;
  /** Exports and verifications of all realms together that a node runs at once. */
  static final String MAX_CONCURRENT_READS = "max-concurrent-reads";
  static final int DEFAULT_MAX_CONCURRENT_READS = 8;

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
    if (checkpointInterval.toSeconds() < 1) {
      throw new IllegalArgumentException(CHECKPOINT_INTERVAL + " must be positive");
    }
    if (keyRotation.isNegative()) {
      throw new IllegalArgumentException(KEY_ROTATION + " must not be negative");
    }
  }

  static AuditConfig from(Config.Scope scope) {
    return new AuditConfig(
        scope.getLong(SEAL_INTERVAL, (long) DEFAULT_SEAL_INTERVAL_MILLIS),
        scope.getInt(SEAL_BATCH_SIZE, DEFAULT_SEAL_BATCH_SIZE),
        scope.getLong(CHECKPOINT_EVERY, (long) DEFAULT_CHECKPOINT_EVERY),
        Duration.ofSeconds(scope.getLong(CHECKPOINT_INTERVAL,
            (long) DEFAULT_CHECKPOINT_INTERVAL_SECONDS)),
        Duration.ofDays(scope.getLong(KEY_ROTATION, 0L)));
  }
}
