package dev.palisade.mfa;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderQuery;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.utils.DefaultRequiredActions;

/**
 * Puts Palisade's MFA in place in a realm: the flows, their bindings, the second-factor
 * required action, user verification for passkeys and brute-force protection. Runs on every
 * realm when the server starts (master included) and on every realm created afterwards, so no
 * realm exists without it; what an admin changed since is put back at the next start and the
 * change itself is in the audit trail.
 */
final class RealmHardening {

  private static final Logger LOG = Logger.getLogger(RealmHardening.class);

  /** Runs first among required actions, so a refused sign-in shows nothing else first. */
  private static final int SECOND_FACTOR_ACTION_PRIORITY = 1;
  private static final String THEME = "palisade";

  private RealmHardening() {
  }

  static void apply(KeycloakSession session, RealmModel realm, boolean newRealm) {
    RealmModel previous = session.getContext().getRealm();
    session.getContext().setRealm(realm);
    try {
      DefaultRequiredActions.addActions(realm);
      requireSecondFactorAction(realm);
      FlowBindings.bind(realm, "browser", realm.getBrowserFlow(), PalisadeFlows.BROWSER,
          PalisadeFlows::browser, realm::setBrowserFlow);
      FlowBindings.bind(realm, "direct grant", realm.getDirectGrantFlow(), PalisadeFlows.DIRECT_GRANT,
          PalisadeFlows::directGrant, realm::setDirectGrantFlow);
      FlowBindings.bind(realm, "first broker login", realm.getFirstBrokerLoginFlow(),
          PalisadeFlows.FIRST_BROKER_LOGIN, r -> PalisadeFlows.firstBrokerLogin(session, r),
          realm::setFirstBrokerLoginFlow);
      session.identityProviders().getAllStream(IdentityProviderQuery.any())
          .forEach(provider -> bindPostBrokerLogin(session, realm, provider));
      requireUserVerificationForPasskeys(realm, newRealm);
      usePalisadeThemesByDefault(realm);
      if (!realm.isBruteForceProtected()) {
        LOG.infof("Realm %s: turning brute-force protection on", realm.getName());
        realm.setBruteForceProtected(true);
      }
    } finally {
      session.getContext().setRealm(previous);
    }
  }

  /** Binds the post-broker-login flow of {@code provider} unless it is already Palisade's. */
  static void bindPostBrokerLogin(KeycloakSession session, RealmModel realm,
      IdentityProviderModel provider) {
    AuthenticationFlowModel flow = FlowBindings.flow(realm, PalisadeFlows.POST_BROKER_LOGIN,
        PalisadeFlows::postBrokerLogin);
    if (!flow.getId().equals(provider.getPostBrokerLoginFlowId())) {
      provider.setPostBrokerLoginFlowId(flow.getId());
      session.identityProviders().update(provider);
    }
  }

  private static void requireSecondFactorAction(RealmModel realm) {
    RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(
        SecondFactorActionFactory.ID);
    if (action == null) {
      action = new RequiredActionProviderModel();
      action.setAlias(SecondFactorActionFactory.ID);
      action.setProviderId(SecondFactorActionFactory.ID);
      action.setName("Palisade: second factor");
      action.setEnabled(true);
      action.setDefaultAction(false);
      action.setPriority(SECOND_FACTOR_ACTION_PRIORITY);
      realm.addRequiredActionProvider(action);
    } else if (!action.isEnabled() || action.getPriority() != SECOND_FACTOR_ACTION_PRIORITY) {
      LOG.infof("Realm %s: re-enabling the %s required action", realm.getName(),
          SecondFactorActionFactory.ID);
      action.setEnabled(true);
      action.setPriority(SECOND_FACTOR_ACTION_PRIORITY);
      realm.updateRequiredActionProvider(action);
    }
    SignInFactors.ENROLMENT_ACTIONS.forEach(alias -> enable(realm, alias));
    enable(realm, SignInFactors.RECOVERY_CODES_ACTION);
  }

  private static void enable(RealmModel realm, String alias) {
    RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(alias);
    if (action != null && !action.isEnabled()) {
      action.setEnabled(true);
      realm.updateRequiredActionProvider(action);
    }
  }

  /**
   * A passkey that signs someone in alone must have checked a PIN or biometric, or it is one
   * factor. New realms let passkeys sign people in (passkey-first); a realm may turn that off.
   */
  private static void requireUserVerificationForPasskeys(RealmModel realm, boolean newRealm) {
    var policy = realm.getWebAuthnPolicyPasswordless();
    boolean changed = false;
    if (!Constants.WEBAUTHN_POLICY_OPTION_REQUIRED.equals(policy.getUserVerificationRequirement())) {
      policy.setUserVerificationRequirement(Constants.WEBAUTHN_POLICY_OPTION_REQUIRED);
      changed = true;
    }
    if (newRealm && !Boolean.TRUE.equals(policy.isPasskeysEnabled())) {
      policy.setPasskeysEnabled(true);
      changed = true;
    }
    if (changed) {
      realm.setWebAuthnPolicyPasswordless(policy);
    }
  }

  /**
   * The second-factor pages live in Palisade's login theme, and Palisade's console pages in its
   * admin and account themes. A realm left on a default theme gets Palisade's; a realm with a
   * theme of its own keeps it (that theme must extend {@code palisade}, see docs/mfa.md).
   */
  private static void usePalisadeThemesByDefault(RealmModel realm) {
    if (realm.getLoginTheme() == null || realm.getLoginTheme().isBlank()) {
      realm.setLoginTheme(THEME);
    }
    if (realm.getEmailTheme() == null || realm.getEmailTheme().isBlank()) {
      realm.setEmailTheme(THEME);
    }
    if (realm.getAdminTheme() == null || realm.getAdminTheme().isBlank()) {
      realm.setAdminTheme(THEME);
    }
    if (realm.getAccountTheme() == null || realm.getAccountTheme().isBlank()) {
      realm.setAccountTheme(THEME);
    }
  }
}
