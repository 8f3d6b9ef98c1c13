package dev.palisade.audit.monitoring;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The sealing backlog as {@link BacklogSampler} last read it from the database, published as
 * gauges and judged by the readiness check. Scrapes and probes read only this: a slow database
 * must neither slow them down nor receive a query per probe.
 *
 * <p>Static because its two readers live apart: the gauges and the sampler belong to Keycloak's
 * provider factories, the readiness check is a bean of Quarkus' health extension.
 */
public final class AuditBacklog {

  /**
   * Most realms with a checkpoint-age series. Beyond it the realms with the oldest checkpoints
   * are published, so an alert on the maximum still sees the worst realm; the bound keeps a
   * server with thousands of tenants from adding thousands of series to every scrape.
   */
  static final int MAX_REALM_SERIES = 200;

  private static final MultiGauge CHECKPOINT_AGES =
      MultiGauge.builder("palisade.audit.checkpoint.age")
          .description("Time since the realm's newest signed audit checkpoint")
          .baseUnit("seconds")
          .register(Metrics.globalRegistry);

  private static volatile Sample latest;
  private static volatile Duration maxSealLag = Duration.ZERO;

  static {
    Gauge.builder("palisade.audit.pending.records", () -> current().pending())
        .description("Audit records committed but not yet chained, all realms")
        .register(Metrics.globalRegistry);
    Gauge.builder("palisade.audit.oldest.pending.age",
            () -> current().oldestPendingAgeMillis(System.currentTimeMillis()) / 1000.0)
        .description("Age of the oldest audit record waiting to be chained (0 when none)")
        .baseUnit("seconds")
        .register(Metrics.globalRegistry);
  }

  private AuditBacklog() {
  }

  /**
   * Starts judging sealing against {@code bound} (zero: never judged stalled). Until the first
   * sample arrives, {@code now} counts as the last one, so a sampler that never runs is a stall.
   */
  public static void watch(Duration bound, long now) {
    maxSealLag = bound;
    latest = new Sample(now, 0, null);
  }

  /** A fresh reading; {@code checkpointTimes} maps realm names to their newest checkpoint. */
  static void update(Sample sample, Map<String, Long> checkpointTimes) {
    latest = sample;
    List<MultiGauge.Row<?>> rows = checkpointTimes.entrySet().stream()
        .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
        .limit(MAX_REALM_SERIES)
        .<MultiGauge.Row<?>>map(realm -> MultiGauge.Row.of(Tags.of("realm", realm.getKey()),
            () -> (System.currentTimeMillis() - realm.getValue()) / 1000.0))
        .toList();
    // Overwrite: a realm that was removed loses its series instead of reporting a frozen age.
    CHECKPOINT_AGES.register(rows, true);
  }

  /** Why sealing counts as stalled at {@code now}, or empty while it keeps up. */
  static Optional<String> stall(long now) {
    Sample sample = current();
    long bound = maxSealLag.toMillis();
    if (bound == 0) {
      return Optional.empty();
    }
    if (now - sample.takenAt() > bound) {
      return Optional.of("the backlog was last read " + (now - sample.takenAt()) / 1000
          + " s ago");
    }
    if (sample.oldestPendingAgeMillis(now) > bound) {
      return Optional.of("the oldest record waiting to be chained is "
          + sample.oldestPendingAgeMillis(now) / 1000 + " s old");
    }
    return Optional.empty();
  }

  static Sample current() {
    Sample sample = latest;
    return sample == null ? new Sample(System.currentTimeMillis(), 0, null) : sample;
  }

  /**
   * One reading of the backlog.
   *
   * @param takenAt           when it was read (epoch milliseconds)
   * @param pending           records waiting to be chained
   * @param oldestPendingTime time of the oldest of them, null when none waits
   */
  record Sample(long takenAt, long pending, Long oldestPendingTime) {

    long oldestPendingAgeMillis(long now) {
      return oldestPendingTime == null ? 0 : Math.max(0, now - oldestPendingTime);
    }
  }
}
