package dev.palisade.policy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.palisade.spi.SingletonProvider;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * The {@code default} {@link RealmPolicy}: every {@link LockedSetting} enforced unless the
 * operator names it in {@code --spi-palisade-policy--default--unlocked}. Whatever weakens the
 * policy (an unlocked setting, a Keycloak feature that issues a person's tokens without the
 * realm's flows) is logged as a warning at every start, so it is never silent.
 */
public final class LockedSettingsFactory implements RealmPolicyFactory, RealmPolicy,
    SingletonProvider<RealmPolicy>, ServerInfoAwareProviderFactory {

  public static final String ID = "default";
  static final String UNLOCKED = "unlocked";

  private static final Logger LOG = Logger.getLogger(LockedSettingsFactory.class);

  /** Features that mint a person's tokens without running the realm's flows; off in the image. */
  private static final List<Profile.Feature> FLOWLESS_TOKEN_FEATURES = List.of(
      Profile.Feature.JWT_AUTHORIZATION_GRANT, Profile.Feature.CIBA,
      Profile.Feature.TOKEN_EXCHANGE, Profile.Feature.IDENTITY_ASSERTION_JWT,
      Profile.Feature.OID4VC_VCI_PREAUTH_CODE, Profile.Feature.WORKFLOWS);

  private Set<LockedSetting> unlocked = EnumSet.noneOf(LockedSetting.class);

  @Override
  public void init(Config.Scope config) {
    unlocked = parseUnlocked(config.get(UNLOCKED, ""));
  }

  /** A name that is not a setting stops the start: a typo must not look like a lock. */
  static Set<LockedSetting> parseUnlocked(String value) {
    Set<LockedSetting> settings = EnumSet.noneOf(LockedSetting.class);
    Arrays.stream(value.split(",")).map(String::trim).filter(id -> !id.isEmpty())
        .forEach(id -> settings.add(LockedSetting.byId(id).orElseThrow(
            () -> new IllegalArgumentException("palisade-policy: '" + id
                + "' is not a locked setting; known: " + Arrays.stream(LockedSetting.values())
                .map(LockedSetting::id).collect(Collectors.joining(", "))))));
    return settings;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    unlocked.forEach(setting -> LOG.warnf("Palisade policy: '%s' is UNLOCKED by this server's"
        + " configuration; realm admins may now weaken it: %s", setting.id(),
        setting.description()));
    FLOWLESS_TOKEN_FEATURES.stream().filter(Profile::isFeatureEnabled)
        .forEach(feature -> LOG.warnf("Palisade policy: Keycloak feature '%s' is enabled by this"
            + " server's configuration; it issues tokens without the realm's second factor",
            feature.getKey()));
    factory.register(new AdministrativeRoleGuard());
  }

  @Override
  public boolean enforces(LockedSetting setting) {
    return !unlocked.contains(setting);
  }

  @Override
  public RealmPolicy create(KeycloakSession session) {
    return this;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property().name(UNLOCKED).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("Comma-separated locked settings this server lets realm admins change"
            + " (see docs/security-model.md). Empty: everything locked.")
        .add().build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return Map.of(UNLOCKED, unlocked.stream().map(LockedSetting::id)
        .collect(Collectors.joining(",")));
  }
}
