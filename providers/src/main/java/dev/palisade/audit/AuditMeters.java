package dev.palisade.audit;

import java.time.Duration;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * The audit trail's event meters, in Micrometer's global registry: Keycloak publishes that
 * registry on {@code /metrics} of its management port when metrics are enabled, and when they
 * are not, the registry has no backend and these calls only count into nothing.
 */
public final class AuditMeters {

  private static final Timer SEAL_LAG = Timer.builder("palisade.audit.seal.lag")
      .description("Time from a record's commit to its place in the chain")
      // Buckets rather than percentiles computed on the node, as buckets add up across nodes;
      // a dozen around the seal interval and the readiness bound, not Micrometer's seventy.
      .serviceLevelObjectives(Stream.of(50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000,
          60_000, 120_000, 300_000).map(Duration::ofMillis).toArray(Duration[]::new))
      .register(Metrics.globalRegistry);

  private AuditMeters() {
  }

  /** A verification of the realm's trail found it broken (a changed, missing or extra record). */
  public static void verificationFailed(String realm) {
    Counter.builder("palisade.audit.verification.failures")
        .description("Verifications that found the realm's audit chain broken")
        .tag("realm", realm)
        .register(Metrics.globalRegistry)
        .increment();
  }

  /** The server refused to sign a checkpoint whose chain does not extend the last signed one. */
  public static void anchorMismatch(String realm) {
    Counter.builder("palisade.audit.anchor.mismatches")
        .description("Checkpoints refused because the chain no longer extends the last signed one")
        .tag("realm", realm)
        .register(Metrics.globalRegistry)
        .increment();
  }

  /** A record was chained {@code lagMillis} after it was committed. */
  public static void sealed(long lagMillis) {
    SEAL_LAG.record(Duration.ofMillis(Math.max(0, lagMillis)));
  }
}
