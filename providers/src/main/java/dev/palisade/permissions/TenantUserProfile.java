package dev.palisade.permissions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * What Palisade declares in a tenant's user profile. A member's grant and revoke attributes:
 * admins see them, nobody edits them, so Keycloak refuses every write through the profile (the
 * account console and account REST for the member, the admin console and admin REST for
 * admins) and {@link PermissionsResource} is the only way to change them. And
 * {@link OwnerAccountValidator} on {@code email}: an attribute admins may edit, so every admin
 * update validates it (Keycloak lets an unchanged read-only attribute, such as a username that
 * cannot be edited, pass a failed validation).
 */
final class TenantUserProfile {

  private static final Set<String> ADMIN_VIEW = Set.of("admin");

  private TenantUserProfile() {
  }

  /** In {@code realm}, if it is a tenant (it has a permission catalogue). */
  static void declareInTenant(KeycloakSession session, RealmModel realm) {
    if (!PermissionCatalogue.isTenant(realm)) {
      return;
    }
    RealmModel previous = session.getContext().getRealm();
    session.getContext().setRealm(realm);
    try {
      declare(session);
    } finally {
      session.getContext().setRealm(previous);
    }
  }

  /** The user profile Keycloak serves is the one of the session's context realm. */
  private static void declare(KeycloakSession session) {
    UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
    UPConfig config = profiles.getConfiguration();
    boolean changed = false;
    for (String name : Set.of(MemberOverrides.GRANT_ATTRIBUTE, MemberOverrides.REVOKE_ATTRIBUTE)) {
      UPAttribute declared = config.getAttribute(name);
      if (declared == null || !readOnly(declared)) {
        UPAttribute attribute = new UPAttribute(name);
        attribute.setDisplayName(name);
        attribute.setMultivalued(true);
        attribute.setPermissions(new UPAttributePermissions(ADMIN_VIEW, Set.of()));
        config.addOrReplaceAttribute(attribute);
        changed = true;
      }
    }
    UPAttribute email = config.getAttribute(UserModel.EMAIL);
    if (email != null && (email.getValidations() == null
        || !email.getValidations().containsKey(OwnerAccountValidator.ID))) {
      Map<String, Map<String, Object>> validations = new LinkedHashMap<>();
      if (email.getValidations() != null) {
        validations.putAll(email.getValidations());
      }
      validations.put(OwnerAccountValidator.ID, Map.of());
      email.setValidations(validations);
      changed = true;
    }
    if (changed) {
      profiles.setConfiguration(config);
    }
  }

  private static boolean readOnly(UPAttribute attribute) {
    return attribute.getPermissions() != null && attribute.getPermissions().getEdit() != null
        && attribute.getPermissions().getEdit().isEmpty();
  }
}
