package dev.palisade.mfa;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;

/**
 * When a member last signed in with a second factor, read from the audit trail: the newest
 * sealed, successful {@code LOGIN} about them whose {@code details.factors} (the credential
 * types the sign-in proved) names a second factor. A sign-in that reused an SSO session proved
 * nothing new and names no factor, so it does not count.
 */
final class SecondFactorSignIns {

  private static final int PAGE = 50;
  /** A member's newest sign-ins looked at; older ones are not searched. */
  static final int LOOK_BACK = 200;

  private final AuditStore store;
  private final String realmId;

  SecondFactorSignIns(AuditStore store, String realmId) {
    this.store = store;
    this.realmId = realmId;
  }

  Optional<Instant> newest(String userId) {
    for (int first = 0; first < LOOK_BACK; first += PAGE) {
      List<AuditStore.SealedRecord> page = store.find(new AuditQuery(realmId, Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.of("LOGIN"), Optional.of(userId),
          Optional.of("success"), first, PAGE));
      Optional<Instant> found = page.stream()
          .filter(sealed -> provedSecondFactor(sealed.record().details().get("factors")))
          .map(sealed -> Instant.ofEpochMilli(sealed.record().time()))
          .findFirst();
      if (found.isPresent() || page.size() < PAGE) {
        return found;
      }
    }
    return Optional.empty();
  }

  static boolean provedSecondFactor(Object factors) {
    return factors instanceof Collection<?> types
        && types.stream().anyMatch(SecondFactors.ANY::contains);
  }
}
