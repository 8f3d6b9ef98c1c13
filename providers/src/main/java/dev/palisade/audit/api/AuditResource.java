package dev.palisade.audit.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.audit.AnchorMismatchReport;
import dev.palisade.audit.AuditListenerFactory;
import dev.palisade.audit.AuditMeters;
import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.AuditTrail;
import dev.palisade.audit.chain.AuditKeys;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AnchorMismatch;
import dev.palisade.audit.store.AuditKeyStore;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.CheckpointStore;
import dev.palisade.audit.store.KeyProtection;
import dev.palisade.rest.ApiError;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.Config;
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
    // Before the record: an export refused with 429 is no export.
    AuditExport body = AuditExport.start(session, query, realm.getName(), format,
        keyProtection(), readLimits().acquire(realm.getId()));
    Map<String, Object> details = new TreeMap<>(Map.of(
        "filters", QueryParameters.describeFilters(query), "format", format.fileExtension()));
    recordRead("AUDIT_EXPORT", details);
    String filename = "audit-" + realm.getName() + "-"
        + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "."
        + format.fileExtension();
    return Response.ok(body, format.mediaType())
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

  /**
   * The realm's audit public keys as a JWKS, oldest first: every trusted key that ever signed,
   * so that checkpoints of rotated keys still verify with any JOSE library.
   */
  @GET
  @Path("keys")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> keys() {
    auth.realm().requireViewEvents();
    recordRead("AUDIT_READ", Map.of("resource", "keys"));
    return checkpoints().keys().jwks(realm.getId());
  }

  /**
   * Replaces the realm's signing key (an operator's act: a master-realm admin who manages the
   * realm). The old keys stay published; the chain's head is signed with the new key at once
   * when it is past the newest checkpoint, so the new key is anchored in the chain.
   */
  @POST
  @Path("keys/rotate")
  @Produces(MediaType.APPLICATION_JSON)
  public Response rotateKey() {
    if (!Config.getAdminRealm().equals(auth.adminAuth().getRealm().getName())) {
      throw ApiError.forbidden("operator_only",
          "rotating audit keys is for operators of the master realm");
    }
    auth.realm().requireManageRealm();
    CheckpointStore checkpoints = checkpoints();
    AuditKeyStore.SigningKey key = checkpoints.keys().rotate(realm.getId());
    AuditStore store = store();
    AuditStore.ChainPosition head = store.head(realm.getId());
    try {
      if (head.seq() > checkpoints.anchor(realm.getId(), Long.MAX_VALUE)
          .map(Checkpoint::seq).orElse(0L)) {
        store.checkpointAt(realm.getId(), realm.getName(), head, keyProtection());
      }
    } catch (AnchorMismatch mismatch) {
      // The key is replaced all the same; the chain it cannot sign is reported as the
      // sealer reports it.
      AnchorMismatchReport.report(session.getKeycloakSessionFactory(), realm.getId(), mismatch);
    }
    recordRead("AUDIT_KEY_ROTATED", Map.of("kid", key.kid()));
    return Response.status(Response.Status.CREATED)
        .entity(AuditKeys.toJwk(
            checkpoints.keys().trustedKey(realm.getId(), key.kid()).orElseThrow(), key.kid()))
        .build();
  }

  /**
   * Verifies the realm's chain. Incremental by default: from the newest checkpoint signed by
   * a trusted key (its position must still hold its signed hash) to the head; {@code full=true}
   * walks from the first record. A failed incremental check walks the whole chain to name the
   * first bad position.
   */
  @GET
  @Path("verify")
  @Produces(MediaType.APPLICATION_JSON)
  @SuppressWarnings("try") // the permit is only held, never used
  public ObjectNode verify(@QueryParam("full") String full) {
    auth.realm().requireViewEvents();
    if (full != null && !full.equals("true") && !full.equals("false")) {
      throw ApiError.badRequest("'full' must be true or false");
    }
    // Held until the walk ends; over the bound, 429 and nothing recorded.
    try (ReadLimits.Permit permit = readLimits().acquire(realm.getId())) {
      boolean fullWalk = "true".equals(full);
      recordRead("AUDIT_VERIFY", Map.of("mode", fullWalk ? "full" : "incremental"));
      ChainVerification verification =
          ChainVerification.run(store(), checkpoints(), realm.getId(), fullWalk);
      if (!verification.ok()) {
        AuditMeters.verificationFailed(realm.getName());
      }
      return verification.toJson();
    }
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
    return listenerFactory().keyProtection();
  }

  private ReadLimits readLimits() {
    return listenerFactory().readLimits();
  }

  private AuditListenerFactory listenerFactory() {
    return (AuditListenerFactory) session.getKeycloakSessionFactory().getProviderFactory(
        EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID);
  }

  private AuditStore store() {
    return new AuditStore(entityManager());
  }

  private EntityManager entityManager() {
    return AuditStore.entityManager(session);
  }
}
