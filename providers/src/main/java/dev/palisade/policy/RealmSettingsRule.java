package dev.palisade.policy;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

/**
 * {@code PUT /admin/realms/{realm}}: the realm's flow bindings, brute-force protection,
 * one-time-code policy, passkey user verification and Palisade's own realm attributes. A field
 * the body leaves out is left as it is by Keycloak, and a field that keeps the locked value
 * passes, so the console's save of the whole realm works.
 */
final class RealmSettingsRule implements AdminRule {

  static final int MAX_FAILURE_FACTOR = 30;
  static final int MIN_LOCKOUT_SECONDS = 60;
  static final int MIN_OTP_DIGITS = 6;
  static final int MAX_OTP_DIGITS = 8;
  static final int MIN_OTP_PERIOD = 15;
  static final int MAX_OTP_PERIOD = 60;
  static final int MAX_OTP_LOOK_AHEAD = 1;
  private static final String PALISADE_PREFIX = "palisade.";

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    if (!request.is("PUT")) {
      return Stream.empty();
    }
    JsonNode realm = request.body();
    return Stream.of(bindings(realm), bruteForce(realm), otp(realm), passkeys(realm),
        palisadeAttributes(request.realm(), realm.path("attributes"))).flatMap(s -> s);
  }

  private static Stream<Refusal> bindings(JsonNode realm) {
    return LockedFlows.REALM_BINDINGS.entrySet().stream()
        .filter(binding -> realm.path(binding.getKey()).isTextual()
            && !binding.getValue().equals(realm.path(binding.getKey()).asText()))
        .map(binding -> new Refusal(LockedSetting.FLOW_BINDINGS,
            binding.getKey() + " stays '" + binding.getValue() + "'"));
  }

  private static Stream<Refusal> bruteForce(JsonNode realm) {
    boolean permanent = realm.path("permanentLockout").asBoolean(false);
    Map<String, Boolean> weakened = Map.of(
        "bruteForceProtected", realm.path("bruteForceProtected").isBoolean()
            && !realm.path("bruteForceProtected").asBoolean(),
        "failureFactor", outside(realm.path("failureFactor"), 1, MAX_FAILURE_FACTOR),
        "waitIncrementSeconds", !permanent
            && outside(realm.path("waitIncrementSeconds"), MIN_LOCKOUT_SECONDS, Integer.MAX_VALUE),
        "maxFailureWaitSeconds", !permanent
            && outside(realm.path("maxFailureWaitSeconds"), MIN_LOCKOUT_SECONDS,
                Integer.MAX_VALUE));
    return weakened.entrySet().stream().filter(Map.Entry::getValue)
        .map(field -> new Refusal(LockedSetting.BRUTE_FORCE, "brute-force protection stays on"
            + " (failure factor 1 to " + MAX_FAILURE_FACTOR + ", lockouts of at least "
            + MIN_LOCKOUT_SECONDS + " s); refused: " + field.getKey()));
  }

  private static Stream<Refusal> otp(JsonNode realm) {
    boolean weakened = outside(realm.path("otpPolicyDigits"), MIN_OTP_DIGITS, MAX_OTP_DIGITS)
        || outside(realm.path("otpPolicyPeriod"), MIN_OTP_PERIOD, MAX_OTP_PERIOD)
        || outside(realm.path("otpPolicyLookAheadWindow"), 0, MAX_OTP_LOOK_AHEAD)
        || realm.path("otpPolicyCodeReusable").asBoolean(false);
    return weakened ? Stream.of(new Refusal(LockedSetting.OTP_POLICY, "one-time codes keep "
        + MIN_OTP_DIGITS + " or more digits, a period of " + MIN_OTP_PERIOD + " to "
        + MAX_OTP_PERIOD + " s, a look-ahead window of at most " + MAX_OTP_LOOK_AHEAD
        + ", and are used once")) : Stream.empty();
  }

  /**
   * Keycloak replaces the realm's whole attribute map with the body's (a missing key is
   * removed), so every {@code palisade.*} attribute must come back unchanged and none be added.
   */
  private static Stream<Refusal> palisadeAttributes(RealmModel realm, JsonNode attributes) {
    if (!attributes.isObject()) {
      return Stream.empty();
    }
    Map<String, String> current = realm.getAttributes();
    Set<String> keys = new HashSet<>();
    current.keySet().stream().filter(RealmSettingsRule::isPalisade).forEach(keys::add);
    attributes.fieldNames().forEachRemaining(key -> {
      if (isPalisade(key)) {
        keys.add(key);
      }
    });
    return keys.stream()
        .filter(key -> !Objects.equals(current.get(key), attributes.path(key).asText(null)))
        .limit(1)
        .map(key -> new Refusal(LockedSetting.PALISADE_ATTRIBUTES, "the realm attribute '" + key
            + "' is Palisade's; change it through Palisade's endpoints"));
  }

  private static boolean isPalisade(String attribute) {
    return attribute.startsWith(PALISADE_PREFIX);
  }

  private static Stream<Refusal> passkeys(JsonNode realm) {
    JsonNode verification = realm.path("webAuthnPolicyPasswordlessUserVerificationRequirement");
    return verification.isTextual()
        && !Constants.WEBAUTHN_POLICY_OPTION_REQUIRED.equals(verification.asText())
        ? Stream.of(new Refusal(LockedSetting.PASSKEY_VERIFICATION,
            "passkeys that sign people in alone keep user verification 'required'"))
        : Stream.empty();
  }

  private static boolean outside(JsonNode value, int min, int max) {
    return value.isNumber() && (value.asLong() < min || value.asLong() > max);
  }
}
