package dev.palisade.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.palisade.mfa.PalisadeFlows;
import dev.palisade.reset.ResetCredentialsFlow;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/** Palisade's flows in a realm, and which binding must name which of them. */
final class LockedFlows {

  /** Realm representation field → the Palisade flow it must name. */
  static final Map<String, String> REALM_BINDINGS = Map.of(
      "browserFlow", PalisadeFlows.BROWSER,
      "directGrantFlow", PalisadeFlows.DIRECT_GRANT,
      "resetCredentialsFlow", ResetCredentialsFlow.ALIAS,
      "firstBrokerLoginFlow", PalisadeFlows.FIRST_BROKER_LOGIN);

  /** Client {@code authenticationFlowBindingOverrides} key → the only flow it may name. */
  static final Map<String, String> CLIENT_OVERRIDES = Map.of(
      "browser", PalisadeFlows.BROWSER,
      "direct_grant", PalisadeFlows.DIRECT_GRANT);

  static final String IDP_FIRST_BROKER = "firstBrokerLoginFlowAlias";
  static final String IDP_POST_BROKER = "postBrokerLoginFlowAlias";

  private static final Set<String> TOP_LEVEL = Set.of(PalisadeFlows.BROWSER,
      PalisadeFlows.DIRECT_GRANT, PalisadeFlows.FIRST_BROKER_LOGIN,
      PalisadeFlows.POST_BROKER_LOGIN, ResetCredentialsFlow.ALIAS);

  private LockedFlows() {
  }

  /** The ids of Palisade's top-level flows in {@code realm} and of every flow inside them. */
  static Set<String> flowIds(RealmModel realm) {
    Set<String> ids = new HashSet<>();
    Deque<AuthenticationFlowModel> pending = new ArrayDeque<>();
    TOP_LEVEL.stream().map(realm::getFlowByAlias).filter(flow -> flow != null)
        .forEach(pending::add);
    while (!pending.isEmpty()) {
      AuthenticationFlowModel flow = pending.pop();
      if (ids.add(flow.getId())) {
        realm.getAuthenticationExecutionsStream(flow.getId())
            .filter(AuthenticationExecutionModel::isAuthenticatorFlow)
            .map(execution -> realm.getAuthenticationFlowById(execution.getFlowId()))
            .filter(sub -> sub != null)
            .forEach(pending::add);
      }
    }
    return ids;
  }

  static boolean isPalisadeFlow(RealmModel realm, AuthenticationFlowModel flow) {
    return flow != null && flowIds(realm).contains(flow.getId());
  }
}
