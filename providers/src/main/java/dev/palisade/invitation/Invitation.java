package dev.palisade.invitation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The invitation a member holds now: at most one, kept on the member as a user attribute that
 * the tenant's user profile hides from everyone (see {@link InvitationProfile}). Its id is what
 * the emailed link carries; a new invitation replaces it, accepting or revoking removes it, so
 * an older link never matches again.
 *
 * @param invitedBy the inviter's username, as the API and the email show it
 * @param sentAt epoch seconds
 * @param expiresAt epoch seconds; the link's own expiry is the same instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Invitation(String id, String role, String invitedBy, String invitedById,
    long sentAt, long expiresAt) {

  /** The JSON record of the current invitation. */
  static final String ATTRIBUTE = "palisade.invitation";
  /** {@code true} while an invitation is open: what the pending list searches by. */
  static final String PENDING_ATTRIBUTE = "palisade.invitation.pending";

  /** A new invitation with a fresh id, sent {@code now} and open for {@code lifespan}. */
  static Invitation issue(String role, Inviter inviter, Instant now, Duration lifespan) {
    return new Invitation(UUID.randomUUID().toString(), role, inviter.username(), inviter.id(),
        now.getEpochSecond(), now.plus(lifespan).getEpochSecond());
  }

  /** Expired once its last second has passed, as Keycloak judges a token's {@code exp}. */
  boolean isExpiredAt(Instant now) {
    return now.getEpochSecond() > expiresAt;
  }

  Instant expiry() {
    return Instant.ofEpochSecond(expiresAt);
  }

  /** The member's current invitation, if any; an unreadable record counts as none. */
  static Optional<Invitation> of(UserModel member) {
    String json = member.getFirstAttribute(ATTRIBUTE);
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    return parse(json);
  }

  static Optional<Invitation> parse(String json) {
    try {
      Invitation invitation = JsonSerialization.readValue(json, Invitation.class);
      return invitation.id() == null || invitation.expiresAt() <= 0 ? Optional.empty()
          : Optional.of(invitation);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** Makes this the member's current invitation, replacing any earlier one. */
  void holdBy(UserModel member) {
    member.setSingleAttribute(ATTRIBUTE, json());
    member.setSingleAttribute(PENDING_ATTRIBUTE, "true");
  }

  /** Removes the member's invitation: no link of theirs matches any more. */
  static void clear(UserModel member) {
    member.removeAttribute(ATTRIBUTE);
    member.removeAttribute(PENDING_ATTRIBUTE);
  }

  String json() {
    try {
      return JsonSerialization.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an invitation", e);
    }
  }

  /** What the API shows of it: {@code userId, email, role, expiresAt, invitedBy}. */
  public Map<String, Object> view(UserModel member) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("userId", member.getId());
    view.put("email", member.getEmail());
    view.put("role", role);
    view.put("expiresAt", expiry().toString());
    view.put("invitedBy", invitedBy);
    return view;
  }
}
