package dev.palisade.audit.stream;

import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link AuditSink}; a sink that is not configured creates none. */
public interface AuditSinkFactory extends ProviderFactory<AuditSink> {
}
