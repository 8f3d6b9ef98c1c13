package dev.palisade.audit.stream;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

/**
 * A sink's meters in the registry Keycloak's {@code /metrics} serves, tagged with the sink only
 * (a tag per realm would grow with the number of tenants):
 * {@code palisade_audit_sink_lag_records}, {@code palisade_audit_sink_failures_total},
 * {@code palisade_audit_sink_delivered_total}.
 */
final class SinkMeters {

  private final AtomicLong lag = new AtomicLong();
  private final Counter failures;
  private final Counter delivered;

  SinkMeters(String sink) {
    Gauge.builder("palisade.audit.sink.lag.records", lag, AtomicLong::get)
        .description("Sealed audit records the sink has yet to deliver, all realms together")
        .tag("sink", sink)
        .register(Metrics.globalRegistry);
    failures = Counter.builder("palisade.audit.sink.failures")
        .description("Delivery attempts to the sink that failed (each is retried)")
        .tag("sink", sink)
        .register(Metrics.globalRegistry);
    delivered = Counter.builder("palisade.audit.sink.delivered")
        .description("Records and checkpoints the sink's receiver acknowledged")
        .tag("sink", sink)
        .register(Metrics.globalRegistry);
  }

  void lag(long records) {
    lag.set(records);
  }

  void failed() {
    failures.increment();
  }

  void delivered(int count) {
    delivered.increment(count);
  }
}
