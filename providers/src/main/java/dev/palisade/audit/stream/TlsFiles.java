package dev.palisade.audit.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context of a sink from PEM files: the CAs to trust (the JDK's own when none is
 * given) and, optionally, a client certificate with its PKCS#8 key for receivers that ask for
 * one. Files are read once at start, so a wrong path stops the server there.
 */
final class TlsFiles {

  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private TlsFiles() {
  }

  /**
   * @param caFile   PEM certificates to trust, or empty for the JDK's trust store
   * @param certFile PEM client certificate chain, with {@code keyFile}, or both empty
   * @param names    the command-line names of the three options, for error messages
   */
  static SSLContext context(Optional<String> caFile, Optional<String> certFile,
      Optional<String> keyFile, List<String> names) {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException(names.get(1) + " and " + names.get(2)
          + " go together: set both or neither");
    }
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile.isPresent()) {
        KeyStore anchors = emptyStore();
        int index = 0;
        for (Certificate certificate : certificates(caFile.get(), names.get(0))) {
          anchors.setCertificateEntry("ca-" + index++, certificate);
        }
        trust.init(anchors);
      } else {
        trust.init((KeyStore) null);
      }
      KeyManagerFactory keys = null;
      if (certFile.isPresent()) {
        KeyStore identity = emptyStore();
        identity.setKeyEntry("client", privateKey(keyFile.get(), names.get(2)), new char[0],
            certificates(certFile.get(), names.get(1)).toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS setup failed: " + e, e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static Collection<? extends Certificate> certificates(String file, String option) {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + " holds no PEM certificate");
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(option + " " + file + " cannot be read as PEM"
          + " certificates: " + e, e);
    }
  }

  private static PrivateKey privateKey(String file, String option) {
    byte[] der;
    try {
      String pem = Files.readString(Path.of(file));
      int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = pem.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) {
        throw new IllegalArgumentException(option + " " + file
            + " is not a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
      }
      der = Base64.getMimeDecoder().decode(
          pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e, e);
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not a key of this algorithm; the next one may read it.
      }
    }
    throw new IllegalArgumentException(option + " " + file + " is no RSA, EC or EdDSA key");
  }
}
