package dev.palisade.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The tenant realm as data: {@code palisade/tenant/tenant-realm.json} with the plan's overlay
 * from {@code palisade/tenant/plans/<plan>.json}, both shipped in the realm-templates jar
 * (a provider jar, so they are on the server's class path).
 */
final class TenantTemplate {

  /** The plans, each with its overlay; part of the public contract. */
  static final List<String> PLANS = List.of("free", "teams", "business", "msp");
  /** Realm attribute naming a tenant's plan; only tenants have it. */
  static final String PLAN_ATTRIBUTE = "palisade.tenant.plan";

  private static final String BASE = "palisade/tenant/tenant-realm.json";
  private static final String OVERLAY = "palisade/tenant/plans/%s.json";

  private TenantTemplate() {
  }

  /** The realm to import for a new tenant of {@code plan}, with the template's SMTP settings. */
  static RealmRepresentation realm(String name, String displayName, String plan) {
    return realm(name, displayName, plan, Map.of());
  }

  /**
   * The realm to import for a new tenant; {@code plan} is one of {@link #PLANS}, {@code smtp}
   * (checked already) is laid over the template's {@code smtpServer}.
   */
  static RealmRepresentation realm(String name, String displayName, String plan,
      Map<String, String> smtp) {
    ObjectNode realm = compose(plan);
    realm.put("realm", name);
    realm.put("displayName", displayName);
    if (!smtp.isEmpty()) {
      ObjectNode server = realm.get("smtpServer") instanceof ObjectNode existing ? existing
          : realm.putObject("smtpServer");
      smtp.forEach(server::put);
    }
    try {
      return JsonSerialization.mapper.treeToValue(realm, RealmRepresentation.class);
    } catch (IOException e) {
      throw new IllegalStateException("the tenant template is not a realm representation", e);
    }
  }

  /** The template with {@code plan}'s overlay laid over it, not yet named. */
  static ObjectNode compose(String plan) {
    return TemplateMerge.merge((ObjectNode) read(BASE), read(String.format(OVERLAY, plan)));
  }

  /**
   * Keycloak creates a new realm's own clients (account, account-console, admin-cli, broker,
   * realm-management, security-admin-console) before it imports the template's client scopes,
   * so the template's default scopes ({@code defaultDefaultClientScopes}: {@code palisade},
   * {@code palisade-saml}) would reach only the clients created after them. This gives every
   * client of a tenant being created the template's default scopes of its protocol, as Keycloak
   * does for its own default scopes; a tenant's clients then all carry the tenant's claims.
   * Only at creation: what the tenant's admins change afterwards stays as they left it.
   */
  static void giveClientsTheTemplateScopes(RealmModel realm) {
    if (realm.getAttribute(PLAN_ATTRIBUTE) == null) {
      return;
    }
    Set<String> names = StreamSupport.stream(read(BASE).path("defaultDefaultClientScopes")
        .spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
    List<ClientScopeModel> scopes = realm.getDefaultClientScopesStream(true)
        .filter(scope -> names.contains(scope.getName())).toList();
    if (scopes.isEmpty()) {
      return;
    }
    realm.getClientsStream().forEach(client -> {
      Set<ClientScopeModel> missing = scopes.stream()
          .filter(scope -> Objects.equals(scope.getProtocol(), protocol(client)))
          .filter(scope -> !client.getClientScopes(true).containsKey(scope.getName())
              && !client.getClientScopes(false).containsKey(scope.getName()))
          .collect(Collectors.toSet());
      if (!missing.isEmpty()) {
        client.addClientScopes(missing, true);
      }
    });
  }

  private static String protocol(ClientModel client) {
    return client.getProtocol() == null ? OIDCLoginProtocol.LOGIN_PROTOCOL : client.getProtocol();
  }

  static JsonNode read(String resource) {
    try (InputStream in = TenantTemplate.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing: deploy palisade-realm-templates"
            + " next to palisade-providers");
      }
      return JsonSerialization.mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
