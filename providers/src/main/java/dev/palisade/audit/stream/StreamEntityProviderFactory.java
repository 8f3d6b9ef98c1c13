package dev.palisade.audit.stream;

import java.util.List;

import dev.palisade.spi.StatelessFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the sinks' positions and leases with Keycloak's persistence unit. */
public final class StreamEntityProviderFactory implements JpaEntityProviderFactory,
    StatelessFactory<JpaEntityProvider> {

  static final String ID = "palisade-audit-stream";

  private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
    @Override
    public List<Class<?>> getEntities() {
      return List.of(SinkPositionEntity.class, SinkLeaseEntity.class);
    }

    @Override
    public String getChangelogLocation() {
      return "META-INF/palisade-audit-stream-changelog.xml";
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
