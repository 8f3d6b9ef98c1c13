package dev.palisade.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords with Keycloak's default policy (HmacSHA1, 6 digits,
 * 30-second period), computed independently of the server so a test checks it rather than
 * trusting it.
 */
public final class Totp {

  private static final int DIGITS = 6;
  private static final long PERIOD_SECONDS = 30;
  /** How long the previous period's code must stay valid when it is handed out. */
  private static final long PREVIOUS_CODE_MARGIN_MILLIS = 15_000;

  private final byte[] key;
  private final Clock clock;
  private final Set<Long> usedPeriods = new HashSet<>();

  Totp(byte[] key, Clock clock) {
    this.key = key.clone();
    this.clock = clock;
  }

  /**
   * For the secret Keycloak puts in its OTP setup form ({@code totpSecret}): the key is that
   * string's UTF-8 bytes; the Base32 form shown to people encodes the same bytes.
   */
  public static Totp forKeycloakSecret(String totpSecret) {
    return new Totp(totpSecret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  }

  /** The code for the current period. */
  public String now() {
    return at(clock.instant());
  }

  /** The code for the period after the current one: a code not yet used, for a second login. */
  public String next() {
    return at(clock.instant().plusSeconds(PERIOD_SECONDS));
  }

  /**
   * A code this generator has not handed out yet. Keycloak accepts the codes of the period
   * before and after the current one and refuses a code it has seen, so three sign-ins fit in
   * a period; a fourth waits for the next. The previous period's code expires when the current
   * period ends, so it is handed out only while most of the period is left: a request the
   * server holds for a few seconds (a node restarting behind the proxy) must not turn it into
   * an "invalid code".
   */
  public synchronized String unused() {
    while (true) {
      long millis = clock.millis();
      long current = millis / 1_000 / PERIOD_SECONDS;
      long leftInPeriod = (current + 1) * PERIOD_SECONDS * 1_000 - millis;
      long[] periods = leftInPeriod > PREVIOUS_CODE_MARGIN_MILLIS
          ? new long[] {current, current + 1, current - 1}
          : new long[] {current, current + 1};
      for (long period : periods) {
        if (usedPeriods.add(period)) {
          return ofPeriod(period);
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  String at(Instant instant) {
    return ofPeriod(instant.getEpochSecond() / PERIOD_SECONDS);
  }

  private String ofPeriod(long counter) {
    byte[] hash = hmacSha1(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
    int offset = hash[hash.length - 1] & 0x0f;
    int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
        | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
    return String.format("%0" + DIGITS + "d", binary % 1_000_000);
  }

  private byte[] hmacSha1(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
