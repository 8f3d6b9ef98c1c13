package dev.palisade.policy;

import org.keycloak.provider.ProviderFactory;

/** Factory of the {@link RealmPolicy} provider. */
public interface RealmPolicyFactory extends ProviderFactory<RealmPolicy> {
}
