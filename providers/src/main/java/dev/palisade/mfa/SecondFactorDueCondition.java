package dev.palisade.mfa;

import java.util.List;

import dev.palisade.spi.PlainAuthenticatorFactory;
import dev.palisade.spi.SingletonProvider;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Condition of the second-factor sub-flow: true when the person holds a second factor this
 * sign-in has not proven yet. False for people with none (they enrol in
 * {@link SecondFactorAction} instead), after a passkey sign-in the realm counts as two factors,
 * and after a trusted identity provider asserted its own second factor.
 */
public final class SecondFactorDueCondition implements ConditionalAuthenticator,
    ConditionalAuthenticatorFactory, PlainAuthenticatorFactory,
    SingletonProvider<Authenticator> {

  /** Authenticator id, part of the public contract. */
  public static final String ID = "palisade-condition-second-factor-due";

  private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
      AuthenticationExecutionModel.Requirement.REQUIRED,
      AuthenticationExecutionModel.Requirement.DISABLED};

  @Override
  public boolean matchCondition(AuthenticationFlowContext context) {
    var authSession = context.getAuthenticationSession();
    if (UpstreamMfa.accept(context.getSession(), authSession, context.getUser())) {
      return false;
    }
    List<String> used = AuthenticatorUtil.getAuthnCredentials(authSession);
    return SecondFactors.hasAny(context.getUser())
        && !SignInFactors.provedSecondFactor(context.getRealm(), used);
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    // A condition shows no page.
  }

  @Override
  public boolean requiresUser() {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    // Enrolment belongs to SecondFactorAction.
  }

  @Override
  public ConditionalAuthenticator getSingleton() {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "Palisade: condition - second factor due";
  }

  @Override
  public String getHelpText() {
    return "True when the user holds a second factor that this sign-in has not proven yet.";
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENTS;
  }
}
