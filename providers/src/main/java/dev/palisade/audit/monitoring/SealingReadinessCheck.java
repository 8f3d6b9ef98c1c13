package dev.palisade.audit.monitoring;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of {@code /health/ready} on the management port: DOWN while audit sealing is stalled
 * past {@code max-seal-lag-seconds}, so a node whose records are not being chained stops
 * receiving traffic. Keycloak's build finds this bean in the provider jar; it reads the last
 * sample only and never the database.
 */
@Readiness
@Singleton
public final class SealingReadinessCheck implements HealthCheck {

  static final String NAME = "Palisade audit sealing";

  @Override
  public HealthCheckResponse call() {
    long now = System.currentTimeMillis();
    AuditBacklog.Sample sample = AuditBacklog.current();
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
        .withData("pending", sample.pending())
        .withData("oldestPendingSeconds", sample.oldestPendingAgeMillis(now) / 1000);
    AuditBacklog.stall(now).ifPresentOrElse(
        reason -> response.down().withData("stalled", reason),
        response::up);
    return response.build();
  }
}
