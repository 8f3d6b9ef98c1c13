package dev.palisade.mfa;

import dev.palisade.spi.AdminEventListener;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;

/**
 * Binds Palisade's post-broker-login flow to an identity provider as it is created. Keycloak
 * publishes no provider event for a new identity provider, only the admin event, which reaches
 * global listeners inside the creating request's transaction: the provider is therefore never
 * committed without the flow. (Providers that exist at start-up are bound by
 * {@link RealmHardening}.)
 */
final class PostBrokerFlowBinder implements AdminEventListener {

  private static final String PATH_PREFIX = "identity-provider/instances/";

  private final KeycloakSession session;

  PostBrokerFlowBinder(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    if (event.getResourceType() != ResourceType.IDENTITY_PROVIDER
        || event.getOperationType() != OperationType.CREATE
        || event.getError() != null
        || event.getResourcePath() == null
        || !event.getResourcePath().startsWith(PATH_PREFIX)) {
      return;
    }
    var realm = session.realms().getRealm(event.getRealmId());
    String alias = event.getResourcePath().substring(PATH_PREFIX.length());
    var provider = realm == null ? null : session.identityProviders().getByAlias(alias);
    if (provider != null) {
      RealmHardening.bindPostBrokerLogin(session, realm, provider);
    }
  }
}
