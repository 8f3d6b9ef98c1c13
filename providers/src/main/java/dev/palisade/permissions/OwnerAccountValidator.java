package dev.palisade.permissions;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * Refuses an admin's update of an Owner's profile (email, username, names, attributes, and
 * with it any password the update carries) unless the admin is an Owner or an operator.
 * Declared on {@code email} in every tenant's user profile, which every admin update
 * validates, so the whole update fails with Keycloak's {@code 400} before anything is written:
 * Keycloak commits a user update itself, so rolling back after its admin event would come too
 * late.
 */
public final class OwnerAccountValidator implements SimpleValidator {

  public static final String ID = "palisade-owner-account";
  static final String MESSAGE = "only an owner or an operator changes an owner's account";

  @Override
  public ValidationContext validate(Object input, String inputHint, ValidationContext context,
      ValidatorConfig config) {
    if (!(context instanceof UserProfileAttributeValidationContext profile)) {
      return context;
    }
    AttributeContext attribute = profile.getAttributeContext();
    UserModel target = attribute.getUser();
    if (attribute.getContext() != UserProfileContext.USER_API || target == null) {
      return context;
    }
    KeycloakSession session = context.getSession();
    RealmModel realm = session.getContext().getRealm();
    RoleModel owner = PermissionCatalogue.ownerRole(realm);
    if (owner == null || !target.hasRole(owner)) {
      return context;
    }
    TenantCaller caller = TenantCaller.of(session, realm);
    if (caller.isMemberOtherThanAnOwner(owner)) {
      OwnerRefusals.record(session, realm, caller.member(),
          new AuditRecord.Target("user", target.getId()), "owner_only", "account",
          Map.of("operation", "UPDATE"));
      context.addError(new ValidationError(ID, inputHint, MESSAGE));
    }
    return context;
  }

  @Override
  public String getId() {
    return ID;
  }
}
