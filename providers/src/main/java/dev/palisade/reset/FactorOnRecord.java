package dev.palisade.reset;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.mfa.SecondFactors;
import dev.palisade.spi.EveryRealm;
import dev.palisade.spi.PlainAuthenticatorFactory;
import dev.palisade.spi.SingletonProvider;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * In the reset flow, after the email link: lets through a person who holds a second factor
 * (recovery codes included) to prove it, and stops one who holds none with a page that sends
 * them to their tenant admin. A mailbox alone never sets a password here. It runs after the
 * link, so the page before the email is the same for everyone and tells nothing about accounts.
 */
public final class FactorOnRecord implements Authenticator, PlainAuthenticatorFactory,
    SingletonProvider<Authenticator> {

  /** Authenticator id, part of the public contract. */
  public static final String ID = "palisade-reset-factor-on-record";

  static final String NO_FACTOR_MESSAGE = "palisadeResetNoFactor";
  /**
   * Auth-session note: the id of the user this reset flow let on to prove a factor. What follows
   * a new password ({@link ResetCompletion}) keys on it, so it applies to resets and only them.
   */
  static final String RESETTING_USER = "palisade.reset.user";

  private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
      AuthenticationExecutionModel.Requirement.REQUIRED};

  @Override
  public void authenticate(AuthenticationFlowContext context) {
    UserModel user = context.getUser();
    if (SecondFactors.hasAny(user)) {
      context.getAuthenticationSession().setAuthNote(RESETTING_USER, user.getId());
      context.success();
      return;
    }
    AuditTrail.record(context.getSession(), context.getRealm(), AuditTrail.actor(user),
        "RESET_REFUSED", new AuditRecord.Target("user", user.getId()), "failure:no_second_factor",
        Map.of("reason", "the person holds no second factor to prove"));
    refuse(context);
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    // Nothing posted here can change the answer.
    refuse(context);
  }

  private static void refuse(AuthenticationFlowContext context) {
    context.forceChallenge(context.form().setError(NO_FACTOR_MESSAGE)
        .createErrorPage(Response.Status.FORBIDDEN));
  }

  @Override
  public boolean requiresUser() {
    return true;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    // Enrolment is not offered to someone who has not proven who they are.
  }

  @Override
  public Authenticator create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "Palisade: second factor on record";
  }

  @Override
  public String getReferenceCategory() {
    return null;
  }

  @Override
  public String getHelpText() {
    return "Stops a password reset for a user who holds no second factor to prove.";
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENTS;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Every realm gets the reset flow, at start-up and when created.
    factory.register(new EveryRealm(factory,
        (session, realm, created) -> ResetCredentialsFlow.bind(realm)));
  }
}
