package dev.palisade.testing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust of the tests' HTTP clients: the JDK's, plus the certificates of servers the tests
 * started themselves (the edge proxy's generated one). Clients are built once, servers start
 * later, so the set of extra certificates is read at every handshake.
 */
public final class TestTls {

  private static final Set<X509Certificate> STARTED_SERVERS = ConcurrentHashMap.newKeySet();
  private static final SSLContext CONTEXT = context(new StartedServersTrust(jdkTrust()));

  private TestTls() {
  }

  /** The context every test HTTP client uses. */
  public static SSLContext context() {
    return CONTEXT;
  }

  /**
   * Trusts the certificate that the server at localhost:{@code port}, started by this test run,
   * presents now: the test made that server, so its first answer is the one to trust.
   */
  public static void trustServerAt(int port) {
    try {
      SSLContext anyCertificate = context(new StartedServersTrust(null));
      try (SSLSocket socket = (SSLSocket) anyCertificate.getSocketFactory()
          .createSocket("localhost", port)) {
        socket.startHandshake();
        STARTED_SERVERS.add((X509Certificate) socket.getSession().getPeerCertificates()[0]);
      }
    } catch (IOException e) {
      throw new IllegalStateException("no TLS server answers on localhost:" + port, e);
    }
  }

  private static SSLContext context(TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509TrustManager jdkTrust() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      return (X509TrustManager) Arrays.stream(factory.getTrustManagers())
          .filter(X509TrustManager.class::isInstance).findFirst().orElseThrow();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A started server's certificate, else the JDK's trust (none at all: any certificate). A plain
   * X509TrustManager, so the JDK still checks the host name against the certificate.
   */
  private record StartedServersTrust(X509TrustManager jdk) implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      boolean started = chain.length > 0 && STARTED_SERVERS.contains(chain[0]);
      if (jdk != null && !started) {
        jdk.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the tests act as clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jdk == null ? new X509Certificate[0] : jdk.getAcceptedIssuers();
    }
  }
}
