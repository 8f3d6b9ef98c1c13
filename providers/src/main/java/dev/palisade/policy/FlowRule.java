package dev.palisade.policy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import dev.palisade.mfa.SecondFactorActionFactory;
import dev.palisade.mfa.SignInFactors;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * {@code …/authentication/…}: Palisade's required actions stay enabled and Palisade's flows
 * stay as they were made. Copying a Palisade flow, or building and editing flows of one's own,
 * remains free; binding them is {@link RealmSettingsRule}'s and {@link ClientRule}'s business.
 */
final class FlowRule implements AdminRule {

  static final Set<String> LOCKED_ACTIONS;

  static {
    Set<String> actions = new HashSet<>(SignInFactors.ENROLMENT_ACTIONS);
    actions.add(SecondFactorActionFactory.ID);
    actions.add(SignInFactors.RECOVERY_CODES_ACTION);
    LOCKED_ACTIONS = Set.copyOf(actions);
  }

  private static final String AUTHENTICATION = "authentication";

  @Override
  public Stream<Refusal> check(AdminRequest request) {
    if (!request.under(AUTHENTICATION)) {
      return Stream.empty();
    }
    RealmModel realm = request.realm();
    if (request.is("PUT", AUTHENTICATION, "required-actions", "*")
        && request.field("enabled").isBoolean() && !request.field("enabled").asBoolean()
        || request.is("DELETE", AUTHENTICATION, "required-actions", "*")) {
      return lockedAction(request.segment(2));
    }
    if (request.is("POST", AUTHENTICATION, "flows", "*", "executions", "execution")
        || request.is("POST", AUTHENTICATION, "flows", "*", "executions", "flow")
        || request.is("PUT", AUTHENTICATION, "flows", "*", "executions")) {
      return palisadeFlow(realm, realm.getFlowByAlias(request.segment(2)));
    }
    if (request.is("PUT", AUTHENTICATION, "flows", "*")
        || request.is("DELETE", AUTHENTICATION, "flows", "*")) {
      return palisadeFlow(realm, realm.getAuthenticationFlowById(request.segment(2)));
    }
    if (request.is("POST", AUTHENTICATION, "executions")) {
      return palisadeFlow(realm,
          realm.getAuthenticationFlowById(request.field("parentFlow").asText("")));
    }
    if (request.under(AUTHENTICATION, "executions") && request.path().size() >= 3) {
      AuthenticationExecutionModel execution =
          realm.getAuthenticationExecutionById(request.segment(2));
      return execution == null ? Stream.empty()
          : palisadeFlow(realm, realm.getAuthenticationFlowById(execution.getParentFlow()));
    }
    if (request.is("PUT", AUTHENTICATION, "config", "*")
        || request.is("DELETE", AUTHENTICATION, "config", "*")) {
      return configOfPalisadeFlow(realm, request.segment(2));
    }
    return Stream.empty();
  }

  private static Stream<Refusal> lockedAction(String alias) {
    return LOCKED_ACTIONS.contains(alias)
        ? Stream.of(new Refusal(LockedSetting.REQUIRED_ACTIONS,
            "the required action '" + alias + "' stays enabled"))
        : Stream.empty();
  }

  private static Stream<Refusal> palisadeFlow(RealmModel realm, AuthenticationFlowModel flow) {
    return LockedFlows.isPalisadeFlow(realm, flow)
        ? Stream.of(new Refusal(LockedSetting.FLOW_CONTENTS, "the flow '" + flow.getAlias()
            + "' is Palisade's and cannot be changed; copy it to build a flow of your own"))
        : Stream.empty();
  }

  private static Stream<Refusal> configOfPalisadeFlow(RealmModel realm, String configId) {
    Set<String> palisade = LockedFlows.flowIds(realm);
    return palisade.stream()
        .flatMap(realm::getAuthenticationExecutionsStream)
        .filter(execution -> configId.equals(execution.getAuthenticatorConfig()))
        .findFirst()
        .map(execution -> new Refusal(LockedSetting.FLOW_CONTENTS,
            "this configuration belongs to one of Palisade's flows and cannot be changed"))
        .stream();
  }
}
