package dev.palisade.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.palisade.mfa.SecondFactors;
import dev.palisade.permissions.EffectivePermissions;
import dev.palisade.permissions.TokenClaims;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code /realms/{realm}/palisade-account}: what the signed-in person may see about themselves
 * in the account console. It reads only, with the person's own bearer token of this realm, and
 * answers from the same evaluation the token mapper uses, so the page and the token agree.
 * Grants, revocations and factors are changed elsewhere, by the paths that apply the rules.
 */
public final class MyAccountResource {

  private final KeycloakSession session;

  MyAccountResource(KeycloakSession session) {
    this.session = session;
  }

  /**
   * {@code {"tenant","role","permissions","grant","revoke","factors":[{"type","label",
   * "created"}],"lastFactor"}}: the claims the person's tokens carry, the overrides that shaped
   * them, their second factors (never a secret), and whether the one standing factor left is
   * the last, which Palisade refuses to remove.
   */
  @GET
  @Path("me")
  @Produces(MediaType.APPLICATION_JSON)
  public Response me() {
    AuthResult auth = authenticate();
    RealmModel realm = session.getContext().getRealm();
    UserModel user = auth.user();
    TokenClaims claims = TokenClaims.of(session, auth.session());
    EffectivePermissions overrides = EffectivePermissions.of(realm, user);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tenant", claims.tenant());
    body.put("role", claims.role());
    body.put("permissions", claims.permissions());
    body.put("grant", overrides.grant());
    body.put("revoke", overrides.revoke());
    body.put("factors",
        SecondFactors.of(user).stream().map(SecondFactors::describe).toList());
    body.put("lastFactor", SecondFactors.standingCount(user) == 1);
    return Response.ok(body).cacheControl(noStore()).build();
  }

  /**
   * The caller's bearer token, checked as Keycloak checks one at its userinfo endpoint: an
   * access token signed and issued by this realm, active, and tied to a live session. Like
   * userinfo, any client's token will do (no {@code account} audience is asked for): the answer
   * is only what that person's own tokens carry. Anything else is a 401 with the contract's
   * error body, never a page or a redirect.
   */
  private AuthResult authenticate() {
    AuthResult auth;
    try {
      auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
    } catch (NotAuthorizedException malformedHeader) {
      auth = null;
    }
    if (auth == null || auth.session() == null) {
      throw unauthorized();
    }
    return auth;
  }

  private WebApplicationException unauthorized() {
    String realm = session.getContext().getRealm().getName();
    return new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"")
        .cacheControl(noStore())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", "invalid_token",
            "error_description", "a valid access token of realm " + realm + " is required"))
        .build());
  }

  private static CacheControl noStore() {
    CacheControl cache = new CacheControl();
    cache.setNoStore(true);
    cache.setNoCache(true);
    return cache;
  }
}
