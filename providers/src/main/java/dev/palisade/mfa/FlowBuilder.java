package dev.palisade.mfa;

import java.util.function.Consumer;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/** Writes an authentication flow into a realm, top to bottom, as it reads in the admin console. */
public final class FlowBuilder {

  private static final String BASIC_FLOW = "basic-flow";

  private final RealmModel realm;
  private final AuthenticationFlowModel flow;
  private int priority;

  private FlowBuilder(RealmModel realm, AuthenticationFlowModel flow) {
    this.realm = realm;
    this.flow = flow;
  }

  /** A new top-level flow; the caller has checked that {@code alias} is free. */
  public static FlowBuilder topLevel(RealmModel realm, String alias, String description) {
    return new FlowBuilder(realm, realm.addAuthenticationFlow(model(alias, description, true)));
  }

  public AuthenticationFlowModel flow() {
    return flow;
  }

  public FlowBuilder execution(String authenticator, Requirement requirement) {
    AuthenticationExecutionModel execution = next(requirement);
    execution.setAuthenticator(authenticator);
    execution.setAuthenticatorFlow(false);
    realm.addAuthenticatorExecution(execution);
    return this;
  }

  public FlowBuilder subFlow(String alias, Requirement requirement, String description,
      Consumer<FlowBuilder> contents) {
    AuthenticationFlowModel sub = realm.addAuthenticationFlow(model(alias, description, false));
    AuthenticationExecutionModel execution = next(requirement);
    execution.setFlowId(sub.getId());
    execution.setAuthenticatorFlow(true);
    realm.addAuthenticatorExecution(execution);
    contents.accept(new FlowBuilder(realm, sub));
    return this;
  }

  private AuthenticationExecutionModel next(Requirement requirement) {
    AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
    execution.setParentFlow(flow.getId());
    execution.setRequirement(requirement);
    execution.setPriority(priority += 10);
    return execution;
  }

  private static AuthenticationFlowModel model(String alias, String description,
      boolean topLevel) {
    AuthenticationFlowModel model = new AuthenticationFlowModel();
    model.setAlias(alias);
    model.setDescription(description);
    model.setProviderId(BASIC_FLOW);
    model.setTopLevel(topLevel);
    model.setBuiltIn(false);
    return model;
  }
}
