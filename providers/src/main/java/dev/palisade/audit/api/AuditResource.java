package dev.palisade.audit.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.audit.AuditListenerFactory;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.CheckpointStore;
import dev.palisade.audit.store.KeyProtection;
import dev.palisade.rest.ApiError;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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
    AuditQuery query = parse(from, to, actor, action, target, outcome, first, max);
    Map<String, Object> details = new TreeMap<>(Map.of(
        "resource", "events", "filters", QueryParameters.describe(query)));
    recordRead("AUDIT_READ", details);
    return store().find(query).stream().map(AuditStore.SealedRecord::toView).toList();
  }

  /**
   * The whole trail (or the records matching the filters), oldest first, streamed: JSONL ends
   * with a signed checkpoint covering its last record; CSV is for reading.
   */
  @GET
  @Path("export")
  public Response export(@QueryParam("format") String formatName, @QueryParam("from") String from,
      @QueryParam("to") String to, @QueryParam("actor") String actor,
      @QueryParam("action") String action, @QueryParam("target") String target,
      @QueryParam("outcome") String outcome, @QueryParam("first") String first,
      @QueryParam("max") String max) {
    auth.realm().requireViewEvents();
    ExportFormat format = ExportFormat.named(formatName)
        .orElseThrow(() -> ApiError.badRequest("'format' must be jsonl or csv"));
    if (first != null || max != null) {
      throw ApiError.badRequest("an export has no paging: leave out 'first' and 'max'");
    }
    AuditQuery query = parse(from, to, actor, action, target, outcome, null, null);
    Map<String, Object> details = new TreeMap<>(Map.of(
        "filters", QueryParameters.describeFilters(query), "format", format.fileExtension()));
    recordRead("AUDIT_EXPORT", details);
    String filename = "audit-" + realm.getName() + "-"
        + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "."
        + format.fileExtension();
    return Response.ok(new AuditExport(session.getKeycloakSessionFactory(), query,
            realm.getName(), format, keyProtection()), format.mediaType())
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .build();
  }

  /** Signed checkpoints of the realm's chain, newest first. */
  @GET
  @Path("checkpoints")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> checkpoints(@QueryParam("first") String first,
      @QueryParam("max") String max) {
    auth.realm().requireViewEvents();
    AuditQuery paging = parse(null, null, null, null, null, null, first, max);
    recordRead("AUDIT_READ", Map.of("resource", "checkpoints"));
    return checkpoints()
        .list(realm.getId(), paging.first(), paging.max()).stream()
        .map(Checkpoint::toJson).toList();
  }

  /** The realm's audit public keys (PEM), with which checkpoints verify offline. */
  @GET
  @Path("keys")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> keys() {
    auth.realm().requireViewEvents();
    recordRead("AUDIT_READ", Map.of("resource", "keys"));
    return checkpoints().publicKeys(realm.getId());
  }

  /**
   * Recomputes the realm's chain from its first record and checks the newest signed checkpoint
   * against it: a chain rewritten consistently from some point on still fails there.
   */
  @GET
  @Path("verify")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode verify() {
    auth.realm().requireViewEvents();
    recordRead("AUDIT_VERIFY", Map.of());
    CheckpointStore checkpoints = checkpoints();
    Optional<Checkpoint> latest = checkpoints.latest(realm.getId());
    AuditStore.VerifyResult result =
        store().verify(realm.getId(), latest.map(Checkpoint::seq).orElse(0L));
    // A tree rather than a map: Keycloak's JSON output drops null map values, and the contract
    // always shows firstBadSeq and checkpoint, null or not.
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    boolean checkpointHolds = latest
        .map(c -> c.hash().equals(result.hashAtCheckpoint())
            && checkpoints.signatureValid(realm.getId(), c))
        .orElse(true);
    body.put("ok", result.ok() && checkpointHolds);
    body.put("events", result.events());
    body.put("firstBadSeq", result.firstBadSeq());
    body.put("headHash", result.headHash());
    body.put("unchained", result.unchained());
    if (latest.isPresent()) {
      ObjectNode checkpoint = body.putObject("checkpoint");
      latest.get().toJson().forEach((key, value) -> checkpoint.putPOJO(key, value));
      checkpoint.put("valid", checkpointHolds);
    } else {
      body.putNull("checkpoint");
    }
    return body;
  }

  private void recordRead(String action, Map<String, Object> details) {
    Map<String, Object> recorded = new TreeMap<>(details);
    recorded.put("actorRealm", auth.adminAuth().getRealm().getName());
    AuditTrail.record(session, realm, AuditTrail.actor(auth.adminAuth().getUser()), action,
        new AuditRecord.Target("realm", realm.getId()), "success", recorded);
  }

  private AuditQuery parse(String from, String to, String actor, String action, String target,
      String outcome, String first, String max) {
    try {
      return QueryParameters.parse(realm.getId(), from, to, actor, action, target, outcome,
          first, max);
    } catch (InvalidQueryException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private CheckpointStore checkpoints() {
    return new CheckpointStore(entityManager(), keyProtection());
  }

  private KeyProtection keyProtection() {
    return ((AuditListenerFactory) session.getKeycloakSessionFactory().getProviderFactory(
        EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID)).keyProtection();
  }

  private AuditStore store() {
    return new AuditStore(entityManager());
  }

  private EntityManager entityManager() {
    return AuditStore.entityManager(session);
  }
}
