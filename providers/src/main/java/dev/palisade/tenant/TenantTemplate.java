package dev.palisade.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
