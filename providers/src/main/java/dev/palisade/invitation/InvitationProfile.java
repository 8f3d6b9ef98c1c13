package dev.palisade.invitation;

import java.util.Set;

import dev.palisade.permissions.PermissionCatalogue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Declares the invitation attributes in a tenant's user profile with no one allowed to view or
 * edit them: Keycloak then leaves them out of every representation (admin REST and console,
 * account REST and console) and refuses every write through the profile, so only
 * {@link Invitations} and the link's handler change them. The link's secret is its signature,
 * never stored; the attributes hold the invitation's id and facts.
 */
final class InvitationProfile {

  private static final Set<String> ATTRIBUTES = Set.of(Invitation.ATTRIBUTE,
      Invitation.PENDING_ATTRIBUTE);

  private InvitationProfile() {
  }

  /** In {@code realm}, if it is a tenant. */
  static void declareInTenant(KeycloakSession session, RealmModel realm) {
    if (PermissionCatalogue.ownerRole(realm) == null) {
      return;
    }
    RealmModel previous = session.getContext().getRealm();
    // The user profile Keycloak serves is the one of the session's context realm.
    session.getContext().setRealm(realm);
    try {
      declare(session.getProvider(UserProfileProvider.class));
    } finally {
      session.getContext().setRealm(previous);
    }
  }

  private static void declare(UserProfileProvider profiles) {
    UPConfig config = profiles.getConfiguration();
    boolean changed = false;
    for (String name : ATTRIBUTES) {
      UPAttribute declared = config.getAttribute(name);
      if (declared == null || !hidden(declared)) {
        UPAttribute attribute = new UPAttribute(name);
        attribute.setDisplayName(name);
        attribute.setPermissions(new UPAttributePermissions(Set.of(), Set.of()));
        config.addOrReplaceAttribute(attribute);
        changed = true;
      }
    }
    if (changed) {
      profiles.setConfiguration(config);
    }
  }

  private static boolean hidden(UPAttribute attribute) {
    UPAttributePermissions permissions = attribute.getPermissions();
    return permissions != null && permissions.getEdit() != null && permissions.getEdit().isEmpty()
        && permissions.getView() != null && permissions.getView().isEmpty();
  }
}
