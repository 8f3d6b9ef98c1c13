package dev.palisade.reset;

import static org.keycloak.models.AuthenticationExecutionModel.Requirement.ALTERNATIVE;
import static org.keycloak.models.AuthenticationExecutionModel.Requirement.REQUIRED;

import dev.palisade.mfa.FlowBindings;
import dev.palisade.mfa.FlowBuilder;
import dev.palisade.mfa.SecondFactors;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialChooseUser;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.authentication.authenticators.resetcred.ResetPassword;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * The password-reset flow Palisade binds in every realm: the email link proves the mailbox, an
 * existing second factor proves the person, and only then does Keycloak ask for the new
 * password. Nothing in it removes or replaces a factor (Keycloak's own flow has a "Reset OTP"
 * step that does). docs/reset.md draws it.
 */
public final class ResetCredentialsFlow {

  /** Flow alias, part of the public contract. */
  public static final String ALIAS = "palisade reset credentials";

  private ResetCredentialsFlow() {
  }

  static AuthenticationFlowModel create(RealmModel realm) {
    return FlowBuilder.topLevel(realm, ALIAS,
            "Palisade password reset: the email link, an existing second factor, the new password")
        .execution(ResetCredentialChooseUser.PROVIDER_ID, REQUIRED)
        .execution(ResetCredentialEmail.PROVIDER_ID, REQUIRED)
        .subFlow(ALIAS + " second factor", REQUIRED,
            "An existing second factor, before the new password", factor -> factor
                .execution(FactorOnRecord.ID, REQUIRED)
                .subFlow(ALIAS + " prove second factor", REQUIRED,
                    "Any second factor the person holds, recovery codes included",
                    prove -> SecondFactors.AUTHENTICATORS.forEach(
                        authenticator -> prove.execution(authenticator, ALTERNATIVE))))
        .execution(ResetPassword.PROVIDER_ID, REQUIRED)
        .flow();
  }

  /** Creates the flow where it is missing and binds it as the realm's reset flow. */
  static void bind(RealmModel realm) {
    FlowBindings.bind(realm, "reset credentials", realm.getResetCredentialsFlow(), ALIAS,
        ResetCredentialsFlow::create, realm::setResetCredentialsFlow);
  }
}
