package dev.palisade.audit.stream;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The {@code palisade-audit-sink} SPI: receivers outside the server that the audit trail is
 * streamed to, each configured through {@code --spi-palisade-audit-sink--<sink>--<key>}.
 */
public final class AuditSinkSpi implements Spi {

  public static final String NAME = "palisade-audit-sink";

  @Override
  public boolean isInternal() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public Class<? extends Provider> getProviderClass() {
    return AuditSink.class;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends ProviderFactory> getProviderFactoryClass() {
    return AuditSinkFactory.class;
  }
}
