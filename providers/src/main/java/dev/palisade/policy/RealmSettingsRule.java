package dev.palisade.policy;

import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.models.Constants;

/**
 * {@code PUT /admin/realms/{realm}}: the realm's flow bindings, brute-force protection and
 * passkey user verification. A field the body leaves out is left as it is by Keycloak, and a
 * field that keeps the locked value passes, so the console's save of the whole realm works.
 */
final class RealmSettingsRule implements AdminRule {

  static final int MAX_FAILURE_FACTOR = 30;
  static final int MIN_LOCKOUT_SECONDS = 60;

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    if (!request.is("PUT")) {
      return Stream.empty();
    }
    JsonNode realm = request.body();
    return Stream.of(bindings(realm), bruteForce(realm), passkeys(realm)).flatMap(s -> s);
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
            && outside(realm.path("maxFailureWaitSeconds"), MIN_LOCKOUT_SECONDS, Integer.MAX_VALUE));
    return weakened.entrySet().stream().filter(Map.Entry::getValue)
        .map(field -> new Refusal(LockedSetting.BRUTE_FORCE, "brute-force protection stays on"
            + " (failure factor 1 to " + MAX_FAILURE_FACTOR + ", lockouts of at least "
            + MIN_LOCKOUT_SECONDS + " s); refused: " + field.getKey()));
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
