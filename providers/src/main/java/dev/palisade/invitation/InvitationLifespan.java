package dev.palisade.invitation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * How long an invitation link stays valid: the {@code lifespan-hours} option of the
 * {@code palisade-invitation} action-token handler, a decimal number of hours (72 by default,
 * {@code 0.5} is half an hour), from 30 seconds to 30 days.
 */
final class InvitationLifespan {

  static final String OPTION = "lifespan-hours";
  static final Duration DEFAULT = Duration.ofHours(72);
  private static final Duration MIN = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofDays(30);

  private InvitationLifespan() {
  }

  /** The lifespan an option value asks for; the default when unset. */
  static Duration parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    Duration lifespan;
    try {
      BigDecimal seconds = new BigDecimal(value.trim()).multiply(BigDecimal.valueOf(3600));
      lifespan = Duration.ofSeconds(seconds.setScale(0, RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException | NumberFormatException e) {
      lifespan = null;
    }
    if (lifespan == null || lifespan.compareTo(MIN) < 0 || lifespan.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("palisade-invitation " + OPTION + " must be a number of"
          + " hours from 0.0084 (30 seconds) to 720 (30 days): " + value);
    }
    return lifespan;
  }
}
