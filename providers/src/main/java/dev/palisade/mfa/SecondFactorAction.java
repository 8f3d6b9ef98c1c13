package dev.palisade.mfa;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;

/**
 * The last step of every sign-in, whatever flow the realm binds: a person with no standing
 * second factor chooses one and enrols it (then saves recovery codes) before any code, token or
 * console session is issued; a person whose sign-in skipped the factor they hold is refused.
 * Keycloak evaluates this action's trigger after every sign-in of a realm it is enabled in, and
 * Palisade keeps it enabled (see {@link RealmHardening}).
 */
final class SecondFactorAction implements RequiredActionProvider {

  static final String FACTOR_PARAMETER = "factor";
  static final String CHOICE_TEMPLATE = "palisade-second-factor-choice.ftl";

  /** The factors a person may enrol here and the Keycloak required action that enrols each. */
  private static final Map<String, String> ENROLMENT_BY_FACTOR = Map.of(
      "passkey", "webauthn-register-passwordless",
      "otp", UserModel.RequiredAction.CONFIGURE_TOTP.name());

  @Override
  public void evaluateTriggers(RequiredActionContext context) {
    var authSession = context.getAuthenticationSession();
    switch (verdict(context)) {
      case ENROL -> {
        // Keycloak evaluates the triggers again after each action, so an enrolment put off
        // here is asked for right after the password is set.
        if (!firstPasswordPending(context)) {
          authSession.addRequiredAction(SecondFactorActionFactory.ID);
        }
      }
      case MISSING -> authSession.addRequiredAction(SecondFactorActionFactory.ID);
      // An enrolment asked for elsewhere (an admin's CONFIGURE_TOTP): the factor it leaves
      // behind is proven by enrolling it, as with one chosen here.
      case ENROLLING -> authSession.setAuthNote(SignInFactors.ENROLLING, "required action");
      case SATISFIED -> { }
    }
  }

  @Override
  public void requiredActionChallenge(RequiredActionContext context) {
    switch (verdict(context)) {
      case ENROL -> context.challenge(choicePage(context, null));
      case MISSING -> refuse(context);
      case SATISFIED, ENROLLING -> context.success();
    }
  }

  @Override
  public void processAction(RequiredActionContext context) {
    if (verdict(context) != SignInFactors.Verdict.ENROL) {
      requiredActionChallenge(context);
      return;
    }
    String factor = context.getHttpRequest().getDecodedFormParameters().getFirst(FACTOR_PARAMETER);
    String enrolment = factor == null ? null : ENROLMENT_BY_FACTOR.get(factor);
    if (enrolment == null) {
      context.challenge(choicePage(context, "palisadeChooseFactorError"));
      return;
    }
    var authSession = context.getAuthenticationSession();
    authSession.addRequiredAction(enrolment);
    if (!context.getUser().credentialManager()
        .isConfiguredFor(RecoveryAuthnCodesCredentialModel.TYPE)) {
      authSession.addRequiredAction(UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES.name());
    }
    authSession.setAuthNote(SignInFactors.ENROLLING, factor);
    record(context, "MFA_ENROLMENT_STARTED", "success", Map.of("factor", factor));
    context.success();
  }

  /**
   * Whether this flow asked for the person's first password to come first
   * ({@link SignInFactors#PASSWORD_BEFORE_ENROLMENT}) and it is still to be set: no password
   * credential yet and the update-password action pending. Nothing but the order changes.
   */
  private static boolean firstPasswordPending(RequiredActionContext context) {
    var authSession = context.getAuthenticationSession();
    String updatePassword = UserModel.RequiredAction.UPDATE_PASSWORD.name();
    return authSession.getAuthNote(SignInFactors.PASSWORD_BEFORE_ENROLMENT) != null
        && !context.getUser().credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE)
        && (authSession.getRequiredActions().contains(updatePassword)
            || context.getUser().getRequiredActionsStream().anyMatch(updatePassword::equals));
  }

  private static SignInFactors.Verdict verdict(RequiredActionContext context) {
    return SignInFactors.judge(context.getRealm(), context.getAuthenticationSession(),
        context.getUser());
  }

  private static Response choicePage(RequiredActionContext context, String error) {
    var form = context.form();
    if (error != null) {
      form.setError(error);
    }
    return form.createForm(CHOICE_TEMPLATE);
  }

  private static void refuse(RequiredActionContext context) {
    MfaRefusals.count("second_factor_not_verified");
    record(context, "MFA_SIGN_IN_REFUSED", "failure:second_factor_not_verified",
        Map.of("reason", "the sign-in flow verified no second factor"));
    context.challenge(context.form().setError("palisadeSecondFactorSkipped")
        .createErrorPage(Response.Status.FORBIDDEN));
  }

  private static void record(RequiredActionContext context, String action, String outcome,
      Map<String, Object> details) {
    UserModel user = context.getUser();
    AuditTrail.record(context.getSession(), context.getRealm(), AuditTrail.actor(user), action,
        new AuditRecord.Target("user", user.getId()), outcome, details);
  }

  @Override
  public void close() {
    // Stateless.
  }
}
