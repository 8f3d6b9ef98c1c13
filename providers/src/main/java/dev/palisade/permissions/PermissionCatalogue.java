package dev.palisade.permissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.type.TypeReference;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A tenant's permission names and what each base role holds, as the realm keeps them (realm
 * attributes written by the tenant template, so they are plain realm data an Owner can change
 * with Keycloak's own tools and that keycloak-config-cli or Terraform can manage).
 */
public final class PermissionCatalogue {

  /** Realm attribute: a JSON array of {@code {"name": …, "description": …}}. */
  public static final String CATALOGUE_ATTRIBUTE = "palisade.permissions.catalogue";
  /** Realm attribute prefix: {@code <prefix><role>} is a JSON array of permission names. */
  public static final String ROLE_ATTRIBUTE_PREFIX = "palisade.permissions.role.";
  /** The highest base role: only an Owner changes an Owner. */
  public static final String OWNER = "owner";
  /** The base roles, highest first: a member's role is the highest one they hold. */
  public static final List<String> BASE_ROLES = List.of(OWNER, "admin", "editor", "viewer");

  private final Map<String, String> descriptions;
  private final Map<String, Set<String>> byRole;

  private PermissionCatalogue(Map<String, String> descriptions, Map<String, Set<String>> byRole) {
    this.descriptions = descriptions;
    this.byRole = byRole;
  }

  /** The realm's catalogue; empty in a realm that is not a tenant. */
  public static PermissionCatalogue of(RealmModel realm) {
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (Entry entry : read(realm.getAttribute(CATALOGUE_ATTRIBUTE),
        new TypeReference<List<Entry>>() { }, List.<Entry>of())) {
      descriptions.put(entry.name(), entry.description());
    }
    Map<String, Set<String>> byRole = new LinkedHashMap<>();
    for (String role : BASE_ROLES) {
      Set<String> permissions = new TreeSet<>(read(realm.getAttribute(ROLE_ATTRIBUTE_PREFIX + role),
          new TypeReference<List<String>>() { }, List.<String>of()));
      permissions.retainAll(descriptions.keySet());
      byRole.put(role, permissions);
    }
    return new PermissionCatalogue(descriptions, byRole);
  }

  /** Replaces the realm's catalogue and role sets with {@code change}, already checked. */
  static void write(RealmModel realm, CatalogueChange change) {
    try {
      realm.setAttribute(CATALOGUE_ATTRIBUTE,
          JsonSerialization.writeValueAsString(change.permissions()));
      for (Map.Entry<String, Set<String>> role : change.roles().entrySet()) {
        realm.setAttribute(ROLE_ATTRIBUTE_PREFIX + role.getKey(),
            JsonSerialization.writeValueAsString(role.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the permission catalogue", e);
    }
  }

  /**
   * Whether {@code realm} is a tenant: it declares a catalogue, readable or not, so that a
   * catalogue broken by hand does not switch off the rules that guard a tenant.
   */
  static boolean isTenant(RealmModel realm) {
    String declared = realm == null ? null : realm.getAttribute(CATALOGUE_ATTRIBUTE);
    return declared != null && !declared.isBlank();
  }

  /** The tenant's {@code owner} role, or null in a realm that is not a tenant. */
  public static RoleModel ownerRole(RealmModel realm) {
    return isTenant(realm) ? realm.getRole(OWNER) : null;
  }

  public boolean isEmpty() {
    return descriptions.isEmpty();
  }

  public boolean contains(String permission) {
    return descriptions.containsKey(permission);
  }

  /** Permission name → description, in catalogue order. */
  public Map<String, String> descriptions() {
    return descriptions;
  }

  /** Base role → its permissions, sorted. */
  public Map<String, Set<String>> byRole() {
    return byRole;
  }

  /** The highest base role {@code user} holds directly or through a group, or null. */
  public static String baseRole(RealmModel realm, UserModel user) {
    for (String name : BASE_ROLES) {
      RoleModel role = realm.getRole(name);
      if (role != null && user.hasRole(role)) {
        return name;
      }
    }
    return null;
  }

  Set<String> permissionsOf(String role) {
    return role == null ? Set.of() : byRole.getOrDefault(role, Set.of());
  }

  /**
   * A catalogue an admin broke by hand counts as empty rather than failing sign-ins: tokens
   * then carry no permissions, which denies in applications instead of granting.
   */
  private static <T> T read(String json, TypeReference<T> type, T empty) {
    if (json == null || json.isBlank()) {
      return empty;
    }
    try {
      return JsonSerialization.readValue(json, type);
    } catch (IOException e) {
      return empty;
    }
  }

  /** One catalogue entry as the realm attribute stores it. */
  public record Entry(String name, String description) {
  }
}
