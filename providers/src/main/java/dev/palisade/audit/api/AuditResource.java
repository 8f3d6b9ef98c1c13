package dev.palisade.audit.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/audit}: reads of one realm's trail. Every call needs
 * {@code view-events} in that realm (a master operator holds it through master's realm
 * clients) and is itself recorded in the trail it read.
 */
public final class AuditResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  AuditResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** Sealed records, newest first, filtered and paged. */
  @GET
  @Path("events")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> events(@QueryParam("from") String from,
      @QueryParam("to") String to, @QueryParam("actor") String actor,
      @QueryParam("action") String action, @QueryParam("target") String target,
      @QueryParam("outcome") String outcome, @QueryParam("first") String first,
      @QueryParam("max") String max) {
    auth.realm().requireViewEvents();
    AuditQuery query;
    try {
      query = QueryParameters.parse(realm.getId(), from, to, actor, action, target, outcome,
          first, max);
    } catch (InvalidQueryException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    recordRead("AUDIT_READ", Map.of("filters", QueryParameters.describe(query)));
    return store().find(query).stream().map(AuditStore.SealedRecord::toView).toList();
  }

  /** Recomputes the realm's chain from its first record. */
  @GET
  @Path("verify")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode verify() {
    auth.realm().requireViewEvents();
    recordRead("AUDIT_VERIFY", Map.of());
    AuditStore.VerifyResult result = store().verify(realm.getId());
    // A tree rather than a map: Keycloak's JSON output drops null map values, and the contract
    // always shows firstBadSeq and headHash, null or not.
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("ok", result.ok());
    body.put("events", result.events());
    body.put("firstBadSeq", result.firstBadSeq());
    body.put("headHash", result.headHash());
    body.put("unchained", result.unchained());
    return body;
  }

  private void recordRead(String action, Map<String, Object> details) {
    UserModel user = auth.adminAuth().getUser();
    String actorType = user.getServiceAccountClientLink() != null ? "service-account" : "user";
    Map<String, Object> recorded = new TreeMap<>(details);
    recorded.put("actorRealm", auth.adminAuth().getRealm().getName());
    var connection = session.getContext().getConnection();
    store().append(new AuditRecord(UUID.randomUUID().toString(), System.currentTimeMillis(),
        realm.getId(), realm.getName(),
        new AuditRecord.Actor(actorType, user.getId(), user.getUsername()), action,
        new AuditRecord.Target("realm", realm.getId()), "success",
        connection == null ? null : connection.getRemoteAddr(),
        session.getContext().getRequestHeaders().getHeaderString("User-Agent"), recorded));
  }

  private AuditStore store() {
    return new AuditStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }
}
