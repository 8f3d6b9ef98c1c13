package dev.palisade.audit.stream;

import dev.palisade.audit.store.AuditKeyStore;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.KeyProtection;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Signs what a sink sends with the realm's audit key, in a short transaction of its own. */
final class SinkSigner {

  private final KeycloakSessionFactory factory;
  private final KeyProtection protection;

  SinkSigner(KeycloakSessionFactory factory, KeyProtection protection) {
    this.factory = factory;
    this.protection = protection;
  }

  /** The compact JWS of {@code payload} with the payload left out (RFC 7515, appendix F). */
  String signDetached(String realmId, byte[] payload) {
    return KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
        new AuditKeyStore(AuditStore.entityManager(session), protection)
            .signDetached(realmId, payload));
  }
}
