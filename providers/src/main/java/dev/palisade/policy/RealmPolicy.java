package dev.palisade.policy;

import org.keycloak.provider.Provider;

/**
 * Which {@link LockedSetting}s this server enforces: all of them, unless the operator unlocked
 * some with {@code --spi-palisade-policy--default--unlocked=<id>,…} at start. Reach it with
 * {@code session.getProvider(RealmPolicy.class)}.
 */
public interface RealmPolicy extends Provider {

  boolean enforces(LockedSetting setting);
}
