package dev.palisade.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.palisade.audit.api.ReadLimits;
import dev.palisade.audit.monitoring.AuditBacklog;
import dev.palisade.audit.monitoring.BacklogSampler;
import dev.palisade.audit.store.KeyProtection;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * The {@code palisade-audit} event listener. It is global: Keycloak hands it every user and
 * admin event of every realm whatever the realm's own listener list says, so no realm admin
 * can switch the audit trail off by editing realm settings. It also starts the sealer once the
 * database schema is in place.
 */
public final class AuditListenerFactory
    implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "palisade-audit";

  private static final Logger LOG = Logger.getLogger(AuditListenerFactory.class);

  private AuditConfig config;
  private KeyProtection keyProtection;
  private Duration maxSealLag;
  private BacklogSampler backlogSampler;
  private ReadLimits readLimits;

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new AuditListener(session);
  }

  @Override
  public boolean isGlobal() {
    return true;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  /** Shown in the admin console's provider info, so an operator sees which Palisade runs. */
  @Override
  public Map<String, String> getOperationalInfo() {
    return Map.of("palisade-version", palisadeVersion());
  }

  static String palisadeVersion() {
    // The jar manifest carries the Maven version; classes run from a directory (IDE) have none.
    return Objects.requireNonNullElse(
        AuditListenerFactory.class.getPackage().getImplementationVersion(), "development");
  }

  @Override
  public void init(Config.Scope scope) {
    config = AuditConfig.from(scope);
    maxSealLag = Duration.ofSeconds(
        scope.getLong(AuditConfig.MAX_SEAL_LAG, (long) AuditConfig.DEFAULT_MAX_SEAL_LAG_SECONDS));
    if (maxSealLag.isNegative()) {
      throw new IllegalArgumentException(AuditConfig.MAX_SEAL_LAG + " must not be negative");
    }
    // Read apart from AuditConfig so that the secret never sits in a printable record.
    keyProtection = KeyProtection.fromSecret(
        Optional.ofNullable(scope.get(AuditConfig.KEY_ENCRYPTION_SECRET)));
    if (!keyProtection.encrypts()) {
      LOG.warnf("Audit checkpoint signing keys are stored unencrypted in the database; set"
          + " --spi-events-listener--%s--%s to seal them", PROVIDER_ID,
          AuditConfig.KEY_ENCRYPTION_SECRET);
    }
    readLimits = new ReadLimits(
        scope.getInt(AuditConfig.MAX_CONCURRENT_READS_PER_REALM,
            AuditConfig.DEFAULT_MAX_CONCURRENT_READS_PER_REALM),
        scope.getInt(AuditConfig.MAX_CONCURRENT_READS, AuditConfig.DEFAULT_MAX_CONCURRENT_READS));
  }

  /** How audit signing keys are sealed at rest, for the API's exports. */
  public KeyProtection keyProtection() {
    return keyProtection;
  }

  /** This node's bound on concurrent exports and verifications, for the API. */
  public ReadLimits readLimits() {
    return readLimits;
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(event -> {
      if (event instanceof PostMigrationEvent) {
        KeycloakModelUtils.runJobInTransaction(factory, session ->
            session.getProvider(TimerProvider.class).schedule(
                new AuditSealer(factory, config, keyProtection), config.sealIntervalMillis(),
                "palisade-audit-sealer"));
        AuditBacklog.watch(maxSealLag, System.currentTimeMillis());
        backlogSampler = BacklogSampler.start(factory);
      }
    });
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property().name(AuditConfig.SEAL_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_SEAL_INTERVAL_MILLIS)
        .helpText("Milliseconds between sealer runs that chain new audit records.").add()
        .property().name(AuditConfig.SEAL_BATCH_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_SEAL_BATCH_SIZE)
        .helpText("Most records chained in one sealer transaction.").add()
        .property().name(AuditConfig.CHECKPOINT_EVERY).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_CHECKPOINT_EVERY)
        .helpText("Records between the signed checkpoints the sealer makes on its own.").add()
        .property().name(AuditConfig.CHECKPOINT_INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_CHECKPOINT_INTERVAL_SECONDS)
        .helpText("Longest time in seconds a realm's newest records wait for a signed"
            + " checkpoint.").add()
        .property().name(AuditConfig.KEY_ROTATION).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(0)
        .helpText("Age in days at which a realm's audit signing key is replaced by a new one"
            + " (older keys stay published to verify what they signed); 0 never.").add()
        .property().name(AuditConfig.MAX_CONCURRENT_READS_PER_REALM)
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_MAX_CONCURRENT_READS_PER_REALM)
        .helpText("Audit exports and verifications one realm may run at once on this node;"
            + " more are answered 429.").add()
        .property().name(AuditConfig.MAX_CONCURRENT_READS)
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_MAX_CONCURRENT_READS)
        .helpText("Audit exports and verifications of all realms this node runs at once;"
            + " more are answered 429.").add()
        .property().name(AuditConfig.MAX_SEAL_LAG).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(AuditConfig.DEFAULT_MAX_SEAL_LAG_SECONDS)
        .helpText("Seconds a record may wait to be chained before /health/ready reports audit"
            + " sealing stalled; 0 never does.").add()
        .property().name(AuditConfig.KEY_ENCRYPTION_SECRET).type(ProviderConfigProperty.PASSWORD)
        .secret(true)
        .helpText("Secret that seals the realms' audit signing keys in the database (AES-GCM)."
            + " Use a vault reference; without it the keys are stored unencrypted.").add()
        .build();
  }

  @Override
  public void close() {
    // The timer task ends with the server; the sampler's thread is this factory's own.
    if (backlogSampler != null) {
      backlogSampler.close();
    }
  }
}
