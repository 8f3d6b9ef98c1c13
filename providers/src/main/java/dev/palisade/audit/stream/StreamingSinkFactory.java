package dev.palisade.audit.stream;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.palisade.audit.AuditListenerFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * What every sink's factory does alike: read the stream options, build the sink from its own
 * options (or none when the operator did not configure it), and stream to it once the database
 * schema is in place. A configuration error stops the server at start with a message naming
 * the option, rather than leaving a receiver silently without the trail.
 */
abstract class StreamingSinkFactory implements AuditSinkFactory {

  private static final Logger LOG = Logger.getLogger(StreamingSinkFactory.class);

  private StreamOptions options;
  private AuditSink sink;
  private SinkStream stream;

  /**
   * The sink as the options in {@code scope} describe it, or empty when the operator did not
   * switch it on; an option that is missing or wrong is an {@link IllegalArgumentException}
   * whose message names it ({@link #option}).
   */
  protected abstract Optional<AuditSink> configure(Config.Scope scope);

  /** The sink's own options, for Keycloak's configuration metadata. */
  protected abstract void describeOptions(ProviderConfigurationBuilder builder);

  /** The command-line form of one of this sink's options. */
  protected final String option(String key) {
    return "--spi-" + AuditSinkSpi.NAME + "--" + getId() + "--" + key;
  }

  /**
   * The value of the option that switches the sink on; absent means off, and then any other of
   * its options set is a mistake worth stopping the start for.
   */
  protected final Optional<String> switchedOnBy(Config.Scope scope, String key,
      String... others) {
    Optional<String> value = text(scope, key);
    if (value.isEmpty()) {
      Stream.of(others).filter(other -> text(scope, other).isPresent()).findFirst()
          .ifPresent(other -> {
            throw new IllegalArgumentException(option(other) + " is set but " + option(key)
                + " is missing");
          });
    }
    return value;
  }

  /** The option's value, empty when unset or blank. */
  protected static Optional<String> text(Config.Scope scope, String key) {
    return Optional.ofNullable(scope.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  @Override
  public final void init(Config.Scope scope) {
    try {
      options = StreamOptions.from(scope);
      sink = configure(scope).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Audit sink " + getId() + " is misconfigured: "
          + e.getMessage(), e);
    }
    if (sink != null) {
      LOG.infof("Audit sink %s streams the audit trail to %s", getId(), sink.destination());
    }
  }

  @Override
  public final void postInit(KeycloakSessionFactory factory) {
    if (sink == null) {
      return;
    }
    factory.register(event -> {
      if (event instanceof PostMigrationEvent) {
        AuditListenerFactory audit = (AuditListenerFactory) factory.getProviderFactory(
            EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID);
        stream = SinkStream.start(getId(), sink, options, factory, audit.keyProtection());
      }
    });
  }

  /** The configured sink, or null when it is off. */
  @Override
  public final AuditSink create(KeycloakSession session) {
    return sink;
  }

  @Override
  public final void close() {
    if (stream != null) {
      stream.stop();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Override
  public final List<ProviderConfigProperty> getConfigMetadata() {
    ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
    describeOptions(builder);
    return builder
        .property().name(StreamOptions.BATCH_SIZE).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(StreamOptions.DEFAULT_BATCH_SIZE)
        .helpText("Most records sent in one delivery.").add()
        .property().name(StreamOptions.INTERVAL).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(StreamOptions.DEFAULT_INTERVAL)
        .helpText("Milliseconds between deliveries when the last one succeeded.").add()
        .property().name(StreamOptions.RETRY_MIN).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(StreamOptions.DEFAULT_RETRY_MIN)
        .helpText("Milliseconds before the first retry after a failure; doubles per failure.")
        .add()
        .property().name(StreamOptions.RETRY_MAX).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(StreamOptions.DEFAULT_RETRY_MAX)
        .helpText("The most milliseconds between two retries.").add()
        .property().name(StreamOptions.LEASE).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(StreamOptions.DEFAULT_LEASE_SECONDS)
        .helpText("Seconds after which another node takes over the sink of a node that stopped"
            + " renewing it.").add()
        .build();
  }
}
