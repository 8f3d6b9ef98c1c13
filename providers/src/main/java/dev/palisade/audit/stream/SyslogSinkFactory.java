package dev.palisade.audit.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The {@code syslog} sink: RFC 5424 messages over TLS (RFC 5425) to a SIEM or relay. On when
 * {@code --spi-palisade-audit-sink--syslog--host} is set.
 */
public final class SyslogSinkFactory extends StreamingSinkFactory {

  static final String ID = "syslog";
  static final String HOST = "host";
  static final String PORT = "port";
  static final String CA_FILE = "ca-file";
  static final String CLIENT_CERT_FILE = "client-cert-file";
  static final String CLIENT_KEY_FILE = "client-key-file";
  static final String FACILITY = "facility";
  static final String HOSTNAME = "hostname";
  static final String CONNECT_TIMEOUT = "connect-timeout-millis";
  /** The port RFC 5425 assigns to syslog over TLS. */
  static final int DEFAULT_PORT = 6514;
  /** Facility 13, "log audit". */
  static final int DEFAULT_FACILITY = 13;
  static final int DEFAULT_CONNECT_TIMEOUT = 10_000;

  @Override
  public String getId() {
    return ID;
  }

  @Override
  protected Optional<AuditSink> configure(Config.Scope scope) {
    Optional<String> host = switchedOnBy(scope, HOST, PORT, CA_FILE, CLIENT_CERT_FILE,
        CLIENT_KEY_FILE, FACILITY, HOSTNAME);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    int port = scope.getInt(PORT, DEFAULT_PORT);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(option(PORT) + " must be a TCP port, not " + port);
    }
    int facility = scope.getInt(FACILITY, DEFAULT_FACILITY);
    if (facility < 0 || facility > 23) {
      throw new IllegalArgumentException(option(FACILITY) + " must be 0 to 23, not " + facility);
    }
    int connectTimeout = scope.getInt(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    if (connectTimeout < 1) {
      throw new IllegalArgumentException(option(CONNECT_TIMEOUT) + " must be positive");
    }
    return Optional.of(new SyslogSink(host.get(), port, connectTimeout,
        TlsFiles.context(text(scope, CA_FILE), text(scope, CLIENT_CERT_FILE),
            text(scope, CLIENT_KEY_FILE),
            List.of(option(CA_FILE), option(CLIENT_CERT_FILE), option(CLIENT_KEY_FILE))),
        new SyslogMessages(facility, text(scope, HOSTNAME).orElseGet(
            SyslogSinkFactory::machineName))));
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "-";
    }
  }

  @Override
  protected void describeOptions(ProviderConfigurationBuilder builder) {
    builder
        .property().name(HOST).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("Host name of the syslog receiver (TLS); the sink is off without it.").add()
        .property().name(PORT).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_PORT).helpText("TCP port of the receiver.").add()
        .property().name(CA_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM file of the CA certificates to trust; the JDK's when absent.").add()
        .property().name(CLIENT_CERT_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM client certificate chain, for receivers that authenticate clients.").add()
        .property().name(CLIENT_KEY_FILE).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("PEM PKCS#8 private key of the client certificate.").add()
        .property().name(FACILITY).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_FACILITY).helpText("Syslog facility, 0-23 (13: log audit).").add()
        .property().name(HOSTNAME).type(ProviderConfigProperty.STRING_TYPE)
        .helpText("HOSTNAME field of the messages; the machine's name when absent.").add()
        .property().name(CONNECT_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_CONNECT_TIMEOUT)
        .helpText("Milliseconds to connect and complete the TLS handshake.").add();
  }
}
