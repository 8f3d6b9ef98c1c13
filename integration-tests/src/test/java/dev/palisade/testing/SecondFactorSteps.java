package dev.palisade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The second-factor pages of a Palisade sign-in, walked with an {@link OidcLoginDriver}: the
 * factor choice, authenticator-app enrolment, recovery codes, and the code prompts.
 */
public final class SecondFactorSteps {

  /** What a person holds after enrolling: their authenticator app and their recovery codes. */
  public record Enrolment(Totp totp, List<String> recoveryCodes) {
  }

  private SecondFactorSteps() {
  }

  /** Whether the driver is on Palisade's "choose a second factor" page. */
  public static boolean onFactorChoice(OidcLoginDriver driver) {
    return !driver.finished() && driver.currentPage().selectFirst("#palisade-factor-form") != null;
  }

  /** From the factor choice: picks the authenticator app, enrols it, saves recovery codes. */
  public static Enrolment enrolAuthenticatorApp(OidcLoginDriver driver) {
    assertThat(onFactorChoice(driver)).as("factor choice page").isTrue();
    driver.submit("#palisade-factor-form", Map.of("factor", "otp"));
    var setup = driver.currentPage().selectFirst("#kc-totp-settings-form");
    assertThat(setup).as("authenticator app setup form").isNotNull();
    Totp totp = Totp.forKeycloakSecret(setup.selectFirst("#totpSecret").val());
    driver.submit("#kc-totp-settings-form", Map.of("totp", totp.unused(), "userLabel", "phone"));
    return new Enrolment(totp, saveRecoveryCodes(driver));
  }

  /** On the recovery-codes page: reads the codes and confirms they are saved. */
  public static List<String> saveRecoveryCodes(OidcLoginDriver driver) {
    var form = driver.currentPage().selectFirst("#kc-recovery-codes-settings-form");
    assertThat(form).as("recovery codes page").isNotNull();
    List<String> codes = Arrays.asList(
        form.selectFirst("input[name=generatedRecoveryAuthnCodes]").val().split(","));
    driver.submit("#kc-recovery-codes-settings-form", Map.of());
    return codes;
  }

  /** Password, then a code of {@code totp}: the everyday sign-in of a person with an app. */
  public static OidcLoginDriver signIn(OidcLoginDriver driver, String username, String password,
      Totp totp) {
    return enterCode(driver.loginWithPassword(username, password), totp);
  }

  /** On the code prompt: enters a fresh code of {@code totp}. */
  public static OidcLoginDriver enterCode(OidcLoginDriver driver, Totp totp) {
    assertThat(driver.currentPage().selectFirst("input[name=otp]")).as("code prompt").isNotNull();
    return driver.submit(Map.of("otp", totp.unused()));
  }
}
