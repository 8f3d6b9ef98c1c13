package dev.palisade.invitation;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * Who sends an invitation: a tenant admin or an operator of master. Kept as plain values,
 * since an operator's user lives in another realm (and, while provisioning, in another
 * session).
 *
 * @param displayName how the email names them: their full name, else their username
 * @param realm the realm they signed in to
 */
public record Inviter(String id, String username, String displayName, AuditRecord.Actor actor,
    String realm) {

  public static Inviter of(AdminAuth caller) {
    UserModel user = caller.getUser();
    String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
    String last = user.getLastName() == null ? "" : user.getLastName().trim();
    String name = (first + " " + last).trim();
    return new Inviter(user.getId(), user.getUsername(), name.isEmpty() ? user.getUsername() : name,
        AuditTrail.actor(user), caller.getRealm().getName());
  }
}
