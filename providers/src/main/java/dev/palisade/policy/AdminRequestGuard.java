package dev.palisade.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.rest.ApiError;
import dev.palisade.rest.PathValues;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Refuses an admin API write that would weaken a {@link LockedSetting}, before Keycloak's
 * resource runs and so before anything is written, with a 403 JSON error and an audit record.
 *
 * <p>Why a request filter: Keycloak raises no model event for most of these settings (flow
 * bindings, executions, required actions, brute-force fields), and the admin events it does
 * raise reach listeners after the change and without a way to answer the caller (a listener's
 * exception is caught and logged). A JAX-RS filter in a provider jar runs inside Keycloak's
 * own request handling for every admin path, on every node, sees the change as requested, and
 * can still answer. Where a change is made at the model on other paths too (who receives an
 * administrative role), {@link AdministrativeRoleGuard} guards the model instead.
 */
@Provider
public final class AdminRequestGuard implements ContainerRequestFilter {

  private static final String ADMIN_REALMS = "/admin/realms/";
  private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");
  private static final List<AdminRule> RULES = List.of(new RealmSettingsRule(), new FlowRule(),
      new ClientRule(), new IdentityProviderRule(), new ImpersonationRule());

  @Override
  public void filter(ContainerRequestContext context) throws IOException {
    if (!WRITES.contains(context.getMethod())) {
      return;
    }
    String rawPath = context.getUriInfo().getRequestUri().getRawPath();
    if (rawPath == null || !rawPath.contains(ADMIN_REALMS)) {
      return;
    }
    List<String> path = segments(rawPath);
    int realmIndex = realmIndex(path);
    // A path no entity can match is Keycloak's to refuse; looking it up could fail the query.
    KeycloakSession session = realmIndex < 0 || !path.stream().allMatch(PathValues::isStorable)
        ? null : KeycloakSessionUtil.getKeycloakSession();
    RealmModel realm = session == null ? null
        : session.realms().getRealmByName(path.get(realmIndex));
    if (realm == null) {
      return;
    }
    // Keycloak's admin resources read the context realm; the guard (and authenticating, where
    // it has to) changes it, so whatever Keycloak had set is put back before its resource runs.
    RealmModel contextRealm = session.getContext().getRealm();
    try {
      Optional<AdminCaller> caller = AdminCaller.of(session);
      if (caller.isPresent()) {
        session.getContext().setRealm(realm);
        guard(context, session, realm, caller.get(), path.subList(realmIndex + 1, path.size()));
      }
    } finally {
      session.getContext().setRealm(contextRealm);
    }
  }

  private static void guard(ContainerRequestContext context, KeycloakSession session,
      RealmModel realm, AdminCaller caller, List<String> path) throws IOException {
    byte[] body = context.hasEntity() ? context.getEntityStream().readAllBytes() : new byte[0];
    context.setEntityStream(new ByteArrayInputStream(body));
    Optional<JsonNode> json = isJson(context.getMediaType()) ? parse(body)
        : Optional.of(AdminRequest.noBody());
    if (json.isEmpty()) {
      // Fail closed: a body this guard cannot read is not let through to a reader that might.
      context.abortWith(ApiError.badRequest("the request body is not readable JSON")
          .getResponse());
      return;
    }
    AdminRequest request = new AdminRequest(session, realm, caller, context.getMethod(), path,
        json.get());
    RealmPolicy policy = session.getProvider(RealmPolicy.class);
    RULES.stream().flatMap(rule -> rule.check(request))
        .filter(refusal -> policy.enforces(refusal.setting()))
        .findFirst()
        .ifPresent(refusal -> {
          session.getTransactionManager().setRollbackOnly();
          refusal.record(session, realm, caller.user(),
              new AuditRecord.Target("realm", realm.getId()),
              Map.of("method", context.getMethod(), "path", String.join("/", path)));
          context.abortWith(refusal.toException().getResponse());
        });
  }

  /**
   * The decoded segments of the raw path, or none where a segment does not decode (Keycloak
   * answers such a request itself). Decoded here: the JAX-RS decoded view throws on a segment
   * whose decoded text holds a literal {@code %}.
   */
  private static List<String> segments(String rawPath) {
    try {
      return Arrays.stream(rawPath.split("/")).filter(segment -> !segment.isEmpty())
          .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
          .toList();
    } catch (IllegalArgumentException undecodable) {
      return List.of();
    }
  }

  /** The index of {realm} in {@code …/admin/realms/{realm}/…}, or -1 for other paths. */
  private static int realmIndex(List<String> path) {
    for (int i = 0; i + 2 < path.size(); i++) {
      if ("admin".equals(path.get(i)) && "realms".equals(path.get(i + 1))) {
        return i + 2;
      }
    }
    return -1;
  }

  /**
   * Only a JSON body reaches Keycloak's representation readers; any other (a certificate
   * upload's multipart form, a body with no type) carries no setting this guard looks at.
   */
  private static boolean isJson(MediaType type) {
    return type != null && ("json".equals(type.getSubtype())
        || type.getSubtype().endsWith("+json"));
  }

  /** The JSON body (a missing node when there is none), or empty when it does not parse. */
  private static Optional<JsonNode> parse(byte[] body) {
    if (body.length == 0) {
      return Optional.of(AdminRequest.noBody());
    }
    try {
      JsonNode json = JsonSerialization.mapper.readTree(body);
      return Optional.of(json == null ? AdminRequest.noBody() : json);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
