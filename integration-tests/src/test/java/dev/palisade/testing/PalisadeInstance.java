package dev.palisade.testing;

import java.util.function.Supplier;

import org.keycloak.admin.client.Keycloak;

/** A running Palisade server the tests talk to: dev mode on H2, or production on PostgreSQL. */
public interface PalisadeInstance {

  /** Base URL as seen from the test host, e.g. {@code http://localhost:32768}, no trailing /. */
  String baseUrl();

  /** Admin client logged in to master as the bootstrap admin. */
  Keycloak admin();

  /** A server at {@code baseUrl} whose admin client {@code admin} gives when asked. */
  static PalisadeInstance of(String baseUrl, Supplier<Keycloak> admin) {
    return new PalisadeInstance() {
      @Override
      public String baseUrl() {
        return baseUrl;
      }

      @Override
      public Keycloak admin() {
        return admin.get();
      }
    };
  }
}
