package dev.palisade.mfa;

import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

/**
 * Puts one of Palisade's flows in place in a realm: creates it once, under its alias, and binds
 * it where the realm has something else bound. A flow that exists is left as its admins see it.
 */
public final class FlowBindings {

  private static final Logger LOG = Logger.getLogger(FlowBindings.class);

  private FlowBindings() {
  }

  /**
   * Binds the flow {@code alias} (made by {@code create} if missing) through {@code setter},
   * unless {@code bound}, the realm's current {@code binding} flow, is already it.
   */
  public static void bind(RealmModel realm, String binding, AuthenticationFlowModel bound,
      String alias, Function<RealmModel, AuthenticationFlowModel> create,
      Consumer<AuthenticationFlowModel> setter) {
    AuthenticationFlowModel flow = flow(realm, alias, create);
    if (bound == null || !bound.getId().equals(flow.getId())) {
      LOG.infof("Realm %s: binding '%s' as the %s flow", realm.getName(), alias, binding);
      setter.accept(flow);
    }
  }

  /** The realm's flow {@code alias}, made by {@code create} where it is missing. */
  static AuthenticationFlowModel flow(RealmModel realm, String alias,
      Function<RealmModel, AuthenticationFlowModel> create) {
    AuthenticationFlowModel existing = realm.getFlowByAlias(alias);
    return existing != null ? existing : create.apply(realm);
  }
}
