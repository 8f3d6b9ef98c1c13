package dev.palisade.audit;

import org.keycloak.Config;

/**
 * Options of {@code palisade-audit}, set as
 * {@code --spi-events-listener--palisade-audit--<key>=<value>}.
 *
 * @param sealIntervalMillis time between sealer runs: the upper bound of sealing lag when idle
 * @param sealBatchSize      records per sealer transaction
 */
record AuditConfig(long sealIntervalMillis, int sealBatchSize) {

  static final String SEAL_INTERVAL = "seal-interval-millis";
  static final String SEAL_BATCH_SIZE = "seal-batch-size";
  static final int DEFAULT_SEAL_INTERVAL_MILLIS = 500;
  static final int DEFAULT_SEAL_BATCH_SIZE = 2000;

  AuditConfig {
    if (sealIntervalMillis < 10) {
      throw new IllegalArgumentException(SEAL_INTERVAL + " must be at least 10");
    }
    if (sealBatchSize < 1) {
      throw new IllegalArgumentException(SEAL_BATCH_SIZE + " must be positive");
    }
  }

  static AuditConfig from(Config.Scope scope) {
    return new AuditConfig(
        scope.getLong(SEAL_INTERVAL, (long) DEFAULT_SEAL_INTERVAL_MILLIS),
        scope.getInt(SEAL_BATCH_SIZE, DEFAULT_SEAL_BATCH_SIZE));
  }
}
