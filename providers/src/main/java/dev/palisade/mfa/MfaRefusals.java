package dev.palisade.mfa;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counts refused sign-ins and factor removals on {@code /metrics}, so a spike (a flow someone
 * weakened, a script stripping factors) shows on a dashboard before anyone reads the trail.
 * Each refusal is also an audit record with its detail; the meter only counts.
 */
final class MfaRefusals {

  private MfaRefusals() {
  }

  /** {@code reason} is the error of the refusal's audit outcome: a small fixed set. */
  static void count(String reason) {
    Counter.builder("palisade.mfa.refusals")
        .description("Sign-ins and second-factor removals refused by mandatory MFA")
        .tag("reason", reason)
        .register(Metrics.globalRegistry)
        .increment();
  }
}
