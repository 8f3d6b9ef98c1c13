package dev.palisade.testing;

/** What the build tells the integration tests, through failsafe's system properties. */
public final class TestSettings {

  private TestSettings() {
  }

  /** The Palisade image the build just made, e.g. {@code palisade:0.1.0-SNAPSHOT}. */
  public static String palisadeImage() {
    return required("palisade.image");
  }

  /** The edge proxy image the build just made, e.g. {@code palisade-proxy:0.1.0-SNAPSHOT}. */
  public static String proxyImage() {
    return required("palisade.proxy.image");
  }

  public static String palisadeVersion() {
    return required("palisade.version");
  }

  /** The Keycloak version the image must run. */
  public static String keycloakVersion() {
    return required("keycloak.version");
  }

  public static String required(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + name
          + " is not set; run the integration tests through Maven (./mvnw verify)");
    }
    return value;
  }
}
