package dev.palisade.audit.stream;

import org.keycloak.Config;

/**
 * How a sink's stream runs, the same options for every sink
 * ({@code --spi-palisade-audit-sink--<sink>--<key>}).
 *
 * @param batchSize        most records per delivery
 * @param intervalMillis   time between runs when the last one succeeded: the delivery lag when
 *                         idle, and how often a node without the lease asks for it
 * @param retryMinMillis   delay before the first retry after a failure; doubles per failure
 * @param retryMaxMillis   the most the delay grows to
 * @param leaseMillis      how long a node keeps the sink after its last renewal; another node
 *                         takes over a dead one's sink after this
 */
record StreamOptions(int batchSize, long intervalMillis, long retryMinMillis, long retryMaxMillis,
    long leaseMillis) {

  static final String BATCH_SIZE = "batch-size";
  static final String INTERVAL = "interval-millis";
  static final String RETRY_MIN = "retry-initial-millis";
  static final String RETRY_MAX = "retry-max-millis";
  static final String LEASE = "lease-seconds";
  static final int DEFAULT_BATCH_SIZE = 500;
  static final long DEFAULT_INTERVAL = 1000;
  static final long DEFAULT_RETRY_MIN = 1000;
  static final long DEFAULT_RETRY_MAX = 60_000;
  static final long DEFAULT_LEASE_SECONDS = 30;

  StreamOptions {
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException(BATCH_SIZE + " must be between 1 and 10000");
    }
    if (intervalMillis < 10) {
      throw new IllegalArgumentException(INTERVAL + " must be at least 10");
    }
    if (retryMinMillis < 10 || retryMaxMillis < retryMinMillis) {
      throw new IllegalArgumentException(RETRY_MIN + " must be at least 10 and " + RETRY_MAX
          + " at least " + RETRY_MIN);
    }
    if (leaseMillis < 2 * intervalMillis) {
      throw new IllegalArgumentException(LEASE + " must be at least twice " + INTERVAL
          + ", or the lease runs out between two renewals");
    }
  }

  static StreamOptions from(Config.Scope scope) {
    return new StreamOptions(
        scope.getInt(BATCH_SIZE, DEFAULT_BATCH_SIZE),
        scope.getLong(INTERVAL, DEFAULT_INTERVAL),
        scope.getLong(RETRY_MIN, DEFAULT_RETRY_MIN),
        scope.getLong(RETRY_MAX, DEFAULT_RETRY_MAX),
        scope.getLong(LEASE, DEFAULT_LEASE_SECONDS) * 1000);
  }

  /** Delay before the next attempt after {@code failures} failures in a row: doubling, capped. */
  long retryDelay(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    return Math.min(retryMaxMillis, retryMinMillis << doublings);
  }
}
