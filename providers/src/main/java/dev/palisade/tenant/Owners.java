package dev.palisade.tenant;

import dev.palisade.permissions.PermissionCatalogue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The first Owner of a new tenant. */
final class Owners {

  private Owners() {
  }

  /**
   * Signs in with their email; has no password and no second factor yet, and a password reset
   * refuses anyone without a factor. They get in through their invitation: sent at provisioning
   * when the tenant has SMTP, or later by the operator ({@code POST
   * …/tenants/{name}/owner-invitation}); its link sets the password, then enrolment of the
   * second factor follows.
   */
  static UserModel create(KeycloakSession session, RealmModel tenant,
      TenantRequest.Owner request) {
    UserModel owner = session.users().addUser(tenant, request.email());
    owner.setEnabled(true);
    owner.setEmail(request.email());
    owner.setFirstName(request.firstName());
    owner.setLastName(request.lastName());
    owner.grantRole(tenant.getRole(PermissionCatalogue.OWNER));
    owner.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
    return owner;
  }
}
