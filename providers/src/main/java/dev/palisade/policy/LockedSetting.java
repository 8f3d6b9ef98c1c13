package dev.palisade.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting through which someone inside a realm could weaken one of Palisade's security
 * invariants (DESIGN.md §4), with who may still change it. This list is the one place that
 * says what is locked; docs/security-model.md renders it as a table.
 */
public enum LockedSetting {

  REQUIRED_ACTIONS("required-actions", Who.NOBODY,
      "Palisade's second-factor required action and the enrolment actions it sends people to"
          + " stay enabled"),
  FLOW_BINDINGS("flow-bindings", Who.NOBODY,
      "the realm's browser, direct-grant, reset-credentials and first-broker-login flows and"
          + " every identity provider's first- and post-broker-login flows are Palisade's"),
  FLOW_CONTENTS("flow-contents", Who.NOBODY,
      "Palisade's flows keep their executions: none added, removed, disabled, reordered or"
          + " reconfigured"),
  CLIENT_FLOW_OVERRIDES("client-flow-overrides", Who.NOBODY,
      "a client's flow overrides name only Palisade's flow for that binding"),
  TOKEN_CLAIMS("token-claims", Who.NOBODY,
      "only Palisade's mapper writes the tenant, role and permissions claims"),
  IDP_ROLE_MAPPERS("idp-role-mappers", Who.NOBODY,
      "no identity-provider mapper or brokered sign-in grants owner, a realm-management role,"
          + " or a role or group that holds one"),
  BRUTE_FORCE("brute-force", Who.NOBODY,
      "brute-force protection stays on, with a failure factor of 1 to 30 and lockouts of at"
          + " least a minute"),
  OTP_POLICY("otp-policy", Who.NOBODY,
      "one-time codes keep at least 6 digits, a period of 15 to 60 s, a look-ahead window of at"
          + " most 1 and are never reusable"),
  PALISADE_ATTRIBUTES("palisade-attributes", Who.NOBODY,
      "Palisade's realm attributes (palisade.*: the tenant's plan, permission catalogue and"
          + " role sets) change only through Palisade's own endpoints"),
  PASSKEY_VERIFICATION("passkey-user-verification", Who.NOBODY,
      "a passkey that signs someone in alone verifies the user (PIN or biometric)"),
  IDENTITY_PROVIDER_TRUST("identity-provider-trust", Who.OWNER,
      "adding an identity provider; an existing one's issuer, endpoints, keys, email trust and"
          + " MFA trust"),
  ADMINISTRATIVE_ROLES("administrative-roles", Who.OWNER,
      "administrative roles for people: admin, a realm-management role, or a role or group"
          + " holding one (an Admin makes nobody an administrator)"),
  SERVICE_ACCOUNT_ADMIN("service-account-admin", Who.OWNER,
      "administrative roles for service accounts, the one kind of account without a second"
          + " factor"),
  OWNER_MFA_RESET("owner-mfa-reset", Who.OWNER, "resetting an Owner's second factors"),
  OWNER_IMPERSONATION("owner-impersonation", Who.OPERATOR, "impersonating an Owner");

  /** Who may still change a setting through the admin API. */
  public enum Who {
    /** Nobody: only the operator's server configuration can unlock it. */
    NOBODY("locked_setting"),
    /** A tenant's Owners and the operators. */
    OWNER("owner_only"),
    /** The operators (master realm) only. */
    OPERATOR("operator_only");

    private final String error;

    Who(String error) {
      this.error = error;
    }

    /** The {@code error} of the refusal's JSON body and of its audit outcome. */
    public String error() {
      return error;
    }
  }

  private final String id;
  private final Who who;
  private final String description;

  LockedSetting(String id, Who who, String description) {
    this.id = id;
    this.who = who;
    this.description = description;
  }

  /** The id used in refusals, audit records and the {@code unlocked} server option. */
  public String id() {
    return id;
  }

  public Who who() {
    return who;
  }

  public String description() {
    return description;
  }

  public static Optional<LockedSetting> byId(String id) {
    return Arrays.stream(values()).filter(setting -> setting.id.equals(id)).findFirst();
  }
}
