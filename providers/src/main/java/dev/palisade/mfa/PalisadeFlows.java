package dev.palisade.mfa;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.CONDITIONAL;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import org.keycloak.authentication.authenticators.access.AllowAccessAuthenticatorFactory;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.DefaultAuthenticationFlows;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

/**
 * The authentication flows Palisade binds in every realm. Their aliases are part of the public
 * contract; docs/mfa.md draws them. Each is created once per realm and then left alone, so a
 * realm's admins see and may read them in the console like any other flow.
 */
public final class PalisadeFlows {

  public static final String BROWSER = "palisade browser";
  public static final String DIRECT_GRANT = "palisade direct grant";
  public static final String FIRST_BROKER_LOGIN = "palisade first broker login";
  public static final String POST_BROKER_LOGIN = "palisade post broker login";

  private PalisadeFlows() {
  }

  /** Username and password (or a passkey), then the second factor the person holds. */
  static AuthenticationFlowModel browser(RealmModel realm) {
    return FlowBuilder.topLevel(realm, BROWSER,
            "Palisade sign-in: SSO cookie, identity provider, or the sign-in forms")
        .execution("auth-cookie", ALTERNATIVE)
        .execution("identity-provider-redirector", ALTERNATIVE)
        .subFlow(BROWSER + " forms", ALTERNATIVE,
            "Username and password, or a passkey; then a second factor",
            forms -> forms
                .execution("auth-username-password-form", REQUIRED)
                .subFlow(BROWSER + " second factor", CONDITIONAL,
                    "The second factor the person holds", PalisadeFlows::secondFactor))
        .flow();
  }

  /**
   * Direct grant for people: password and a TOTP code, both required. A person without an
   * authenticator app gets no token this way; machines use client credentials instead.
   */
  static AuthenticationFlowModel directGrant(RealmModel realm) {
    return FlowBuilder.topLevel(realm, DIRECT_GRANT,
            "Palisade direct grant: username, password and a TOTP code")
        .execution("direct-grant-validate-username", REQUIRED)
        .execution("direct-grant-validate-password", REQUIRED)
        .execution(DirectGrantOtp.ID, REQUIRED)
        .flow();
  }

  /**
   * Runs after every sign-in through an identity provider, first or not. Keycloak fails a flow
   * in which nothing ran, so "Allow access" ends it when the second factor is not due (a trusted
   * provider proved one, or the person has none yet and enrols in the required action).
   */
  static AuthenticationFlowModel postBrokerLogin(RealmModel realm) {
    return FlowBuilder.topLevel(realm, POST_BROKER_LOGIN,
            "Palisade: a local second factor after an identity provider, unless it is trusted"
                + " to have verified one")
        .subFlow(POST_BROKER_LOGIN + " second factor", CONDITIONAL,
            "The second factor the person holds", PalisadeFlows::secondFactor)
        .execution(AllowAccessAuthenticatorFactory.PROVIDER_ID, REQUIRED)
        .flow();
  }

  /** Keycloak's own first-broker-login flow (account creation and linking), as Palisade's copy. */
  static AuthenticationFlowModel firstBrokerLogin(KeycloakSession session, RealmModel realm) {
    AuthenticationFlowModel stock = realm.getFlowByAlias(
        DefaultAuthenticationFlows.FIRST_BROKER_LOGIN_FLOW);
    if (stock == null) {
      DefaultAuthenticationFlows.firstBrokerLoginFlow(realm, false);
      stock = realm.getFlowByAlias(DefaultAuthenticationFlows.FIRST_BROKER_LOGIN_FLOW);
    }
    return AuthenticationManagementResource.copyFlow(session, realm, stock, FIRST_BROKER_LOGIN);
  }

  private static void secondFactor(FlowBuilder flow) {
    flow.execution(SecondFactorDueCondition.ID, REQUIRED);
    SecondFactors.AUTHENTICATORS.forEach(
        authenticator -> flow.execution(authenticator, ALTERNATIVE));
  }
}
