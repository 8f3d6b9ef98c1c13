package dev.palisade.mfa;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.directgrant.ValidateOTP;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's direct-grant TOTP check, required of everyone. Keycloak's own check, when required
 * of a person without an authenticator app, fails with a server error; this one answers like a
 * wrong password does, so the response tells a password guesser nothing.
 */
public final class DirectGrantOtp extends ValidateOTP {

  /** Authenticator id, part of the public contract. */
  public static final String ID = "palisade-direct-grant-otp";

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    if (super.configuredFor(context.getSession(), context.getRealm(), context.getUser())) {
      super.authenticate(context);
      return;
    }
    context.getEvent().user(context.getUser()).detail("reason", "no TOTP credential")
        .error(Errors.INVALID_USER_CREDENTIALS);
    context.failure(AuthenticationFlowError.INVALID_USER, errorResponse(
        Response.Status.BAD_REQUEST.getStatusCode(), "invalid_grant", "Invalid user credentials"));
  }

  /** Always runs, so that a person without TOTP gets the answer above, not an exception. */
  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "Palisade: TOTP, required";
  }

  @Override
  public String getHelpText() {
    return "Validates the 'otp' form parameter of a direct grant; refuses people without TOTP.";
  }
}
