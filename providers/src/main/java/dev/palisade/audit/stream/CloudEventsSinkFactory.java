package dev.palisade.audit.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The {@code cloudevents-http} sink: signed CloudEvents JSON batches posted to an HTTP(S)
 * endpoint. On when {@code --spi-palisade-audit-sink--cloudevents-http--url} is set.
 */
public final class CloudEventsSinkFactory extends StreamingSinkFactory {

  static final String ID = "cloudevents-http";
  static final String URL = "url";
  static final String AUTHORIZATION = "authorization";
  static final String CA_FILE = "ca-file";
  static final String CLIENT_CERT_FILE = "client-cert-file";
  static final String CLIENT_KEY_FILE = "client-key-file";
  static final String TIMEOUT = "timeout-millis";
  static final int DEFAULT_TIMEOUT = 10_000;

  @Override
  public String getId() {
    return ID;
  }

  @Override
  protected Optional<AuditSink> configure(Config.Scope scope) {
    Optional<String> url = switchedOnBy(scope, URL, AUTHORIZATION, CA_FILE, CLIENT_CERT_FILE,
        CLIENT_KEY_FILE);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option(URL) + " is not a URL: " + url.get());
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(option(URL) + " must be an http(s) URL with a host,"
          + " not " + url.get());
    }
    int timeout = scope.getInt(TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout < 1) {
      throw new IllegalArgumentException(option(TIMEOUT) + " must be positive");
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(timeout))
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(TlsFiles.context(text(scope, CA_FILE), text(scope, CLIENT_CERT_FILE),
            text(scope, CLIENT_KEY_FILE),
            List.of(option(CA_FILE), option(CLIENT_CERT_FILE), option(CLIENT_KEY_FILE))))
        .build();
    return Optional.of(new CloudEventsSink(uri, text(scope, AUTHORIZATION),
        Duration.ofMillis(timeout), http));
  }

  @Override
  protected void describeOptions(ProviderConfigurationBuilder builder) {
    builder
        .property().name(URL).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("URL the batches are posted to; the sink is off without it.").add()
        .property().name(AUTHORIZATION).type(ProviderConfigProperty.PASSWORD).secret(true)
        .helpText("Value of the Authorization header sent with each batch; a secret, so not on"
            + " the command line.")
        .add()
        .property().name(CA_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM file of the CA certificates to trust; the JDK's when absent.").add()
        .property().name(CLIENT_CERT_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM client certificate chain, for receivers that authenticate clients.").add()
        .property().name(CLIENT_KEY_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM PKCS#8 private key of the client certificate.").add()
        .property().name(TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_TIMEOUT)
        .helpText("Milliseconds to connect, and to wait for the receiver's answer.").add();
  }
}
