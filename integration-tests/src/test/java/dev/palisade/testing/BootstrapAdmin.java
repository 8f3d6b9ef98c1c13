package dev.palisade.testing;

import java.util.Map;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.OAuth2Constants;

/**
 * The master-realm identities every test server starts with, set as docs/operator.md tells
 * operators to: a bootstrap admin client (a service account, client credentials: machines need
 * no second factor) that the tests administer through, and a bootstrap admin person who, like
 * everyone, must enrol a second factor at the first sign-in.
 */
public final class BootstrapAdmin {

  public static final String CLIENT_ID = "palisade-operator";
  public static final String CLIENT_SECRET = "operator-client-secret-for-tests";
  public static final String USERNAME = "operator";
  public static final String PASSWORD = "operator-password";

  private BootstrapAdmin() {
  }

  /** The environment that makes Keycloak create both at the first start. */
  public static Map<String, String> environment() {
    return Map.of(
        "KC_BOOTSTRAP_ADMIN_CLIENT_ID", CLIENT_ID,
        "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", CLIENT_SECRET,
        "KC_BOOTSTRAP_ADMIN_USERNAME", USERNAME,
        "KC_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD);
  }

  /** An admin client of the server at {@code baseUrl}, signed in as the bootstrap client. */
  public static Keycloak client(String baseUrl) {
    return KeycloakBuilder.builder().serverUrl(baseUrl).realm("master")
        .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
        .clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).build();
  }
}
