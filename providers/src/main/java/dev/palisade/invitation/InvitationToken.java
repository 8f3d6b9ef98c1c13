package dev.palisade.invitation;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The emailed link: a Keycloak action token signed by the tenant's realm keys, naming the
 * member ({@code sub}), the invitation ({@code pinv}) and the console it leads to
 * ({@code azp}); it expires with the invitation. It proves the mailbox; the invitation id
 * makes it single-use and revocable, since only the member's current invitation matches.
 */
public final class InvitationToken extends DefaultActionToken {

  /** Action token type and handler id, part of the public contract. */
  public static final String TOKEN_TYPE = "palisade-invitation";

  @JsonProperty("pinv")
  private String invitationId;

  InvitationToken(String userId, String email, Invitation invitation, String clientId) {
    super(userId, TOKEN_TYPE, (int) invitation.expiresAt(), null);
    this.invitationId = invitation.id();
    this.issuedFor = clientId;
    setEmail(email);
  }

  /** For Jackson, which reads a token back from its JSON. */
  private InvitationToken() {
  }

  public String getInvitationId() {
    return invitationId;
  }
}
