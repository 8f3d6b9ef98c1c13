package dev.palisade.audit.store;

import java.util.List;

import dev.palisade.spi.StatelessFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the audit tables with Keycloak's persistence unit and their Liquibase changelog. */
public final class AuditEntityProviderFactory implements JpaEntityProviderFactory,
    StatelessFactory<JpaEntityProvider> {

  static final String ID = "palisade-audit-store";

  private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
    @Override
    public List<Class<?>> getEntities() {
      return List.of(AuditEventEntity.class, AuditChainEntity.class, AuditPendingEntity.class,
          AuditHeadEntity.class, AuditKeyEntity.class, AuditCheckpointEntity.class);
    }

    @Override
    public String getChangelogLocation() {
      return "META-INF/palisade-audit-changelog.xml";
    }

    @Override
    public String getFactoryId() {
      return ID;
    }

    @Override
    public void close() {
      // Stateless.
    }
  };

  @Override
  public JpaEntityProvider create(KeycloakSession session) {
    return PROVIDER;
  }

  @Override
  public String getId() {
    return ID;
  }
}
