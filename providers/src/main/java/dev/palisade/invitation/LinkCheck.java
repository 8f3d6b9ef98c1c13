package dev.palisade.invitation;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Why an invitation link no longer opens, judged against the member's current invitation. */
enum LinkCheck {

  /** The member took the invitation up already (or it was never theirs to take). */
  USED,
  /** A newer invitation was sent; only its link opens. */
  REPLACED,
  /** The member was removed with their invitation. */
  REVOKED,
  /** The invitation outlived its lifespan. */
  EXPIRED;

  /** The reason the link is refused, or empty when it opens. */
  static Optional<LinkCheck> refuse(Optional<Invitation> current, String linkInvitationId,
      Instant now) {
    if (current.isEmpty()) {
      return Optional.of(USED);
    }
    if (linkInvitationId == null || !linkInvitationId.equals(current.get().id())) {
      return Optional.of(REPLACED);
    }
    return current.get().isExpiredAt(now) ? Optional.of(EXPIRED) : Optional.empty();
  }

  /** The reason as audit records name it. */
  String reason() {
    return name().toLowerCase(Locale.ROOT);
  }
}
