package dev.palisade.mfa;

import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.Token;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.representations.IDToken;

/**
 * Keeps every account's last standing second factor. Keycloak asks a credential type's
 * metadata whether it is "removeable" before the account console, the account REST API and
 * the {@code delete_credential} application-initiated action remove one; Palisade's credential
 * providers answer through this guard. Admin removal does not ask; it is covered by the
 * second-factor required action, which makes the person enrol again at the next sign-in.
 */
final class LastFactorGuard {

  /**
   * How recent a bearer token's sign-in must be for a removal through the account REST API:
   * Keycloak's own default maximum age for the {@code delete_credential} action, which forces
   * the console's removals through a fresh sign-in with the second factor.
   */
  static final long RECENT_SIGN_IN_SECONDS = 300;

  private LastFactorGuard() {
  }

  static CredentialTypeMetadata restrict(KeycloakSession session,
      CredentialTypeMetadata metadata, CredentialTypeMetadataContext context) {
    UserModel user = context.getUser();
    if (user == null || !metadata.isRemoveable()
        || !SecondFactors.STANDING.contains(metadata.getType())) {
      return metadata;
    }
    boolean removing = isRemoval(session);
    long standing = removing ? lockAndCountStanding(session, user)
        : SecondFactors.standingCount(user);
    String refusal = refusal(session, standing, removing);
    if (refusal == null) {
      return metadata;
    }
    if (removing) {
      MfaRefusals.count("last_second_factor");
      AuditTrail.recordApart(session, session.getContext().getRealm(), AuditTrail.actor(user),
          "MFA_REMOVAL_REFUSED", new AuditRecord.Target("user", user.getId()),
          "failure:last_second_factor",
          Map.of("reason", refusal, "credential_type", metadata.getType()));
    }
    return copyNotRemoveable(session, metadata);
  }

  private static String refusal(KeycloakSession session, long standing, boolean removing) {
    if (standing <= 1) {
      return "last standing second factor";
    }
    if (removing && !recentSignIn(session.getContext().getBearerToken())) {
      return "sign-in older than " + RECENT_SIGN_IN_SECONDS + " s";
    }
    return null;
  }

  /** Reads (GET) only list credentials; anything else may be about to remove one. */
  private static boolean isRemoval(KeycloakSession session) {
    var request = session.getContext().getHttpRequest();
    return request != null && !"GET".equals(request.getHttpMethod());
  }

  /**
   * Two removals in parallel would each see the other's credential still there and both go
   * through. Holding the user's row until the transaction ends makes them take turns, and the
   * count is read from the database after the lock, not from credentials this request loaded
   * before it (the confirmation page did).
   */
  private static long lockAndCountStanding(KeycloakSession session, UserModel user) {
    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    UserEntity locked = em.find(UserEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE);
    return em.createQuery("select count(c) from CredentialEntity c"
            + " where c.user = :user and c.type in :types", Long.class)
        .setParameter("user", locked)
        .setParameter("types", SecondFactors.STANDING)
        .getSingleResult();
  }

  /**
   * Application-initiated removals carry no bearer token: Keycloak re-authenticates the person
   * there itself. A token must come from a sign-in of the last few minutes.
   */
  private static boolean recentSignIn(Token token) {
    if (!(token instanceof IDToken idToken)) {
      return token == null;
    }
    Long authTime = idToken.getAuth_time();
    return authTime != null
        && System.currentTimeMillis() / 1000 - authTime <= RECENT_SIGN_IN_SECONDS;
  }

  private static CredentialTypeMetadata copyNotRemoveable(KeycloakSession session,
      CredentialTypeMetadata metadata) {
    return CredentialTypeMetadata.builder()
        .type(metadata.getType())
        .category(metadata.getCategory())
        .displayName(metadata.getDisplayName())
        .helpText(metadata.getHelpText())
        .iconCssClass(metadata.getIconCssClass())
        .createAction(metadata.getCreateAction())
        .updateAction(metadata.getUpdateAction())
        .removeable(false)
        .build(session);
  }
}
